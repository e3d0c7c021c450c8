//! Check-in desk (CHK-2, CHK-4, CHK-1): scans by badge token, one tap in the list, offline
//! replays, refusals, two stations racing, counters, and the no-JavaScript forms. Real HTTP,
//! real database (SQLite; PostgreSQL when `AGORA_TEST_POSTGRES_URL` is set).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{DateTime, Duration, Utc};
use domain::{EventId, ParticipantId, Permission};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};
use services::event_day::pass;
use store::entities::checkin;
use testkit::meetings::{MeetingWorld, PASSWORD};
use testkit::{Browser, TestApp};

const DESK_EMAIL: &str = "accueil@desk.test";

/// A logged-in desk member (CheckIn right only) and a JSON client sharing its cookies.
struct Desk {
    browser: Browser,
    base: String,
    client: reqwest::Client,
}

impl Desk {
    async fn login(app: &TestApp, world: &MeetingWorld, email: &str) -> Desk {
        let user = app.create_user(email, PASSWORD, false).await;
        app.grant(user, world.event, &[Permission::CheckIn]).await;
        Desk::login_existing(app, email).await
    }

    async fn login_existing(app: &TestApp, email: &str) -> Desk {
        let browser = app.browser();
        browser.login(email, PASSWORD).await;
        browser.set_cookie("agora_lang=en");
        Desk {
            browser,
            base: app.base_url.clone(),
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
        }
    }

    fn cookies(&self) -> String {
        ["agora_session", "agora_csrf", "agora_lang"]
            .iter()
            .filter_map(|name| self.browser.cookie(name).map(|v| format!("{name}={v}")))
            .collect::<Vec<_>>()
            .join("; ")
    }

    async fn post_json(&self, path: &str, body: Value) -> (StatusCode, Value) {
        let csrf = self.browser.csrf().await;
        let response = self
            .client
            .post(format!("{}{path}", self.base))
            .header("cookie", self.cookies())
            .header("x-csrf-token", csrf)
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = response.status();
        let text = response.text().await.unwrap_or_default();
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    async fn post_bytes(&self, path: &str, bytes: Vec<u8>) -> (StatusCode, Value) {
        let csrf = self.browser.csrf().await;
        let response = self
            .client
            .post(format!("{}{path}", self.base))
            .header("cookie", self.cookies())
            .header("x-csrf-token", csrf)
            .header("content-type", "image/png")
            .body(bytes)
            .send()
            .await
            .unwrap();
        let status = response.status();
        let text = response.text().await.unwrap_or_default();
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    async fn counters(&self, event: EventId) -> Value {
        let page = self
            .browser
            .get_with(
                &format!("/admin/events/{}/checkin/counters", event.0),
                &[("accept", "application/json")],
            )
            .await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        serde_json::from_str(&page.body).unwrap()
    }
}

fn scan_path(event: EventId) -> String {
    format!("/admin/events/{}/checkin/scan", event.0)
}

async fn checkins(app: &TestApp, participant: i64) -> Vec<checkin::Model> {
    checkin::Entity::find()
        .filter(checkin::Column::ParticipantId.eq(participant))
        .all(&app.db)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_badge_scan_admits_once_then_says_when_and_where() {
    // REQ: CHK-2
    // REQ: CHK-1
    let app = TestApp::spawn().await;
    let world = MeetingWorld::build(&app, "accueil", 3, 2).await;
    let desk = Desk::login(&app, &world, DESK_EMAIL).await;
    let person = &world.people[0];
    let token = pass::token_for(&app.db, world.event, ParticipantId(person.participant_id))
        .await
        .unwrap();

    let (status, first) = desk
        .post_json(
            &scan_path(world.event),
            json!({"code": token, "station": "Entrée A", "method": "scanner"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{first}");
    assert_eq!(first["status"], "admitted");
    assert_eq!(first["name"], "Prénom0 Nom0");
    assert_eq!(first["company"], "Société 0 Énergie");
    assert_eq!(first["participant_id"], person.participant_id);

    // The same badge at another station: already in, with the first time and station.
    let (_, again) = desk
        .post_json(
            &scan_path(world.event),
            json!({"code": token, "station": "Entrée B", "method": "camera"}),
        )
        .await;
    assert_eq!(again["status"], "already");
    let detail = again["detail"].as_str().unwrap();
    assert!(detail.contains("Entrée A"), "{detail}");
    let rows = checkins(&app, person.participant_id).await;
    assert_eq!(rows.len(), 1, "never counted twice");
    assert_eq!(rows[0].station, "Entrée A");
    assert_eq!(rows[0].method, "scanner");
    let paris = rows[0]
        .checked_at
        .with_timezone(&chrono_tz::Europe::Paris)
        .format("%H:%M")
        .to_string();
    assert!(detail.contains(&paris), "{detail} should show {paris}");
    assert_eq!(
        app.count("audit_entry", "entity = 'checkin' AND action = 'checkin'")
            .await,
        1,
        "one audit entry per check-in, none for the repeat"
    );

    let counters = desk.counters(world.event).await;
    assert_eq!(counters["total"]["present"], 1);
    assert_eq!(counters["total"]["registered"], 3);
    assert_eq!(counters["total"]["absent"], 2);
}

#[tokio::test]
async fn forged_foreign_revoked_and_unregistered_badges_are_refused() {
    // REQ: CHK-2
    // REQ: CHK-1
    let app = TestApp::spawn().await;
    let world = MeetingWorld::build(&app, "accueil-refus", 3, 1).await;
    let other = MeetingWorld::build(&app, "autre-forum", 1, 1).await;
    let desk = Desk::login(&app, &world, DESK_EMAIL).await;
    let path = scan_path(world.event);

    // Forged: one digit of a real token changed.
    let good = pass::token_for(
        &app.db,
        world.event,
        ParticipantId(world.people[0].participant_id),
    )
    .await
    .unwrap();
    let mut forged: Vec<char> = good.chars().collect();
    let last = forged.len() - 1;
    forged[last] = if forged[last] == '1' { '2' } else { '1' };
    let forged: String = forged.into_iter().collect();
    let (_, answer) = desk
        .post_json(&path, json!({"code": forged, "station": "A"}))
        .await;
    assert_eq!(answer["status"], "refused");
    assert!(
        answer["detail"].as_str().unwrap().contains("not valid"),
        "{answer}"
    );

    // Not a badge at all.
    let (_, answer) = desk
        .post_json(
            &path,
            json!({"code": "https://example.com", "station": "A"}),
        )
        .await;
    assert_eq!(answer["status"], "refused");
    assert!(
        answer["detail"]
            .as_str()
            .unwrap()
            .contains("not a participant badge")
    );

    // A genuine badge of another event.
    let foreign = pass::token_for(
        &app.db,
        other.event,
        ParticipantId(other.people[0].participant_id),
    )
    .await
    .unwrap();
    let (_, answer) = desk
        .post_json(&path, json!({"code": foreign, "station": "A"}))
        .await;
    assert_eq!(answer["status"], "refused");
    assert!(
        answer["detail"].as_str().unwrap().contains("another event"),
        "{answer}"
    );

    // A revoked badge.
    let revoked_person = ParticipantId(world.people[1].participant_id);
    let revoked = pass::token_for(&app.db, world.event, revoked_person)
        .await
        .unwrap();
    pass::revoke(&app.db, world.event, revoked_person)
        .await
        .unwrap();
    let (_, answer) = desk
        .post_json(&path, json!({"code": revoked, "station": "A"}))
        .await;
    assert_eq!(answer["status"], "refused");
    assert!(
        answer["detail"]
            .as_str()
            .unwrap()
            .contains("replaced or cancelled")
    );

    // A participant whose registration was refused afterwards.
    let refused_person = world.people[2].participant_id;
    let token = pass::token_for(&app.db, world.event, ParticipantId(refused_person))
        .await
        .unwrap();
    app.db
        .execute_unprepared(&format!(
            "UPDATE participant SET status = 'refused' WHERE id = {refused_person}"
        ))
        .await
        .unwrap();
    let (_, answer) = desk
        .post_json(&path, json!({"code": token, "station": "A"}))
        .await;
    assert_eq!(answer["status"], "refused");
    assert!(
        answer["detail"]
            .as_str()
            .unwrap()
            .contains("not (or no longer) registered")
    );

    // One tap on another event's participant: 404, nothing written.
    let (status, _) = desk
        .post_json(
            &format!(
                "/admin/events/{}/checkin/participants/{}",
                world.event.0, other.people[0].participant_id
            ),
            json!({"station": "A"}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // The other event's desk is not this desk's: 404 as well.
    let (status, _) = desk
        .post_json(
            &scan_path(other.event),
            json!({"code": foreign, "station": "A"}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(app.count("checkin", "1 = 1").await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 8)]
async fn thirty_two_scans_of_one_badge_on_two_instances_make_one_check_in() {
    // REQ: CHK-2
    // REQ: CHK-4
    let first = TestApp::spawn().await;
    let second = first.spawn_sibling().await;
    let world = MeetingWorld::build(&first, "accueil-course", 2, 1).await;
    let desk_one = Desk::login(&first, &world, DESK_EMAIL).await;
    let desk_two = Desk::login_existing(&second, DESK_EMAIL).await;
    let person = ParticipantId(world.people[0].participant_id);
    let token = pass::token_for(&first.db, world.event, person)
        .await
        .unwrap();
    let desks = std::sync::Arc::new([desk_one, desk_two]);
    let mut tasks = Vec::new();
    for n in 0..32 {
        let desks = desks.clone();
        let token = token.clone();
        let path = scan_path(world.event);
        tasks.push(tokio::spawn(async move {
            let desk = &desks[n % 2];
            desk.post_json(
                &path,
                json!({"code": token, "station": format!("Poste {}", n % 2 + 1)}),
            )
            .await
        }));
    }
    let mut admitted = 0;
    let mut already = 0;
    for task in tasks {
        let (status, answer) = task.await.unwrap();
        assert_eq!(status, StatusCode::OK, "{answer}");
        match answer["status"].as_str() {
            Some("admitted") => admitted += 1,
            Some("already") => already += 1,
            other => panic!("unexpected answer {other:?}: {answer}"),
        }
    }
    assert_eq!(admitted, 1, "exactly one station admits");
    assert_eq!(already, 31);
    assert_eq!(checkins(&first, person.0).await.len(), 1);
    let counters = desks[1].counters(world.event).await;
    assert_eq!(counters["total"]["present"], 1);
    assert_eq!(counters["total"]["absent"], 1);
}

#[tokio::test]
async fn offline_scans_replay_once_and_the_earliest_scan_wins() {
    // REQ: CHK-2
    let app = TestApp::spawn().await;
    let world = MeetingWorld::build(&app, "accueil-hors-ligne", 3, 1).await;
    let desk = Desk::login(&app, &world, DESK_EMAIL).await;
    let event = world.event;
    let early = world.people[0].participant_id;
    let fresh = world.people[1].participant_id;
    let early_token = pass::token_for(&app.db, event, ParticipantId(early))
        .await
        .unwrap();

    // Station "Hall" checks p0 in online now…
    let (_, online) = desk
        .post_json(
            &scan_path(event),
            json!({"code": early_token, "station": "Hall"}),
        )
        .await;
    assert_eq!(online["status"], "admitted");

    // …but the offline tablet at the door had scanned them ten minutes earlier, and also
    // tapped p1 in the list; it syncs when the network returns.
    let door_time: DateTime<Utc> = Utc::now() - Duration::minutes(10);
    let batch = json!({"scans": [
        {"client_id": "tab-1", "code": early_token, "station": "Porte", "method": "camera",
         "scanned_at": door_time.to_rfc3339()},
        {"client_id": "tab-2", "participant_id": fresh, "station": "Porte", "method": "list",
         "scanned_at": door_time.to_rfc3339()},
    ]});
    let sync = format!("/admin/events/{}/checkin/sync", event.0);
    let (status, answer) = desk.post_json(&sync, batch.clone()).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let results = answer["results"].as_array().unwrap();
    assert_eq!(results[0]["client_id"], "tab-1");
    assert_eq!(results[1]["client_id"], "tab-2");
    assert_eq!(results[1]["status"], "admitted");
    let rows = checkins(&app, early).await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].station, "Porte", "the earlier scan wins");
    assert!((rows[0].checked_at - door_time).num_seconds().abs() <= 1);

    // The same batch again (the answer was lost): same answers, nothing counted twice.
    let (_, replay) = desk.post_json(&sync, batch).await;
    let again = replay["results"].as_array().unwrap();
    assert_eq!(again[1]["status"], "admitted", "{replay}");
    assert_eq!(app.count("checkin", "1 = 1").await, 2);
    assert_eq!(
        app.count("audit_entry", "entity = 'checkin' AND action = 'checkin'")
            .await,
        2
    );
    assert_eq!(
        app.count(
            "audit_entry",
            "entity = 'checkin' AND action = 'checkin_earlier'"
        )
        .await,
        1
    );

    // A later offline scan does not move the time.
    let later = json!({"scans": [{"client_id": "tab-3", "participant_id": fresh,
        "station": "Bar", "scanned_at": Utc::now().to_rfc3339()}]});
    let (_, answer) = desk.post_json(&sync, later).await;
    assert_eq!(answer["results"][0]["status"], "already");
    assert_eq!(checkins(&app, fresh).await[0].station, "Porte");
    let counters = desk.counters(event).await;
    assert_eq!(counters["total"]["present"], 2);
    assert_eq!(counters["total"]["absent"], 1);
}

#[tokio::test]
async fn counters_per_session_and_category_match_the_check_ins() {
    // REQ: CHK-4
    let app = TestApp::spawn().await;
    let world = MeetingWorld::build(&app, "accueil-compteurs", 4, 1).await;
    let desk = Desk::login(&app, &world, DESK_EMAIL).await;
    let event = world.event;
    // p0 and p1 attend only the first session; p2 and p3 attend every session.
    for person in &world.people[..2] {
        app.db
            .execute_unprepared(&format!(
                "INSERT INTO session_attendance (event_id, participant_id, session_id, created_at) \
                 VALUES ({}, {}, {}, '2027-01-01 00:00:00+00:00')",
                event.0, person.participant_id, world.sessions[0]
            ))
            .await
            .unwrap();
    }
    // p0 and p2 arrive.
    for person in [&world.people[0], &world.people[2]] {
        let (_, answer) = desk
            .post_json(
                &format!(
                    "/admin/events/{}/checkin/participants/{}",
                    event.0, person.participant_id
                ),
                json!({"station": "A"}),
            )
            .await;
        assert_eq!(answer["status"], "admitted", "{answer}");
    }
    let counters = desk.counters(event).await;
    assert_eq!(
        counters["total"],
        json!({"label": "", "registered": 4, "present": 2, "absent": 2})
    );
    assert_eq!(counters["sessions"][0]["label"], "Morning 1");
    assert_eq!(counters["sessions"][0]["registered"], 4);
    assert_eq!(counters["sessions"][0]["present"], 2);
    assert_eq!(counters["sessions"][1]["label"], "Morning 2");
    assert_eq!(
        counters["sessions"][1]["registered"], 2,
        "only p2 and p3 attend it"
    );
    assert_eq!(counters["sessions"][1]["present"], 1);
    assert_eq!(counters["categories"][0]["registered"], 4);

    // The page shows the same figures.
    let page = desk
        .browser
        .get(&format!("/admin/events/{}/checkin/counters", event.0))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.contains("<dd id=\"count-present\">2</dd>"),
        "{}",
        page.body
    );
    assert!(page.contains("<dd id=\"count-absent\">2</dd>"));
    assert!(page.contains("Morning 2"));
}

#[tokio::test]
async fn the_desk_works_without_javascript_and_undo_is_audited() {
    // REQ: CHK-2
    let app = TestApp::spawn().await;
    let world = MeetingWorld::build(&app, "accueil-sans-js", 2, 1).await;
    let desk = Desk::login(&app, &world, DESK_EMAIL).await;
    let event = world.event;
    let person = &world.people[1];

    let list = desk
        .browser
        .get(&format!(
            "/admin/events/{}/checkin?q=nom1&station=Kiosque",
            event.0
        ))
        .await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.contains("Prénom1 Nom1"));
    assert!(
        !list.contains("Prénom0 Nom0"),
        "the search filters the list"
    );
    assert!(list.contains("value=\"Kiosque\""));

    // The scanner field as a plain form.
    let token = pass::token_for(&app.db, event, ParticipantId(person.participant_id))
        .await
        .unwrap();
    let page = desk
        .browser
        .post_form(
            &scan_path(event),
            &[
                ("code", token.as_str()),
                ("station", "Kiosque"),
                ("method", "scanner"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.contains("answer-admitted"), "{}", page.body);
    assert!(page.contains("Prénom1 Nom1"));
    assert!(page.contains("Welcome"));
    // A forgotten badge: the answer links to the person's badge page, which the desk may open.
    let badge_page = format!(
        "/admin/events/{}/participants/{}/badge",
        event.0, person.participant_id
    );
    assert!(
        page.contains(&format!("href=\"{badge_page}\"")),
        "{}",
        page.body
    );
    let badge = desk.browser.get(&badge_page).await;
    assert_eq!(badge.status, StatusCode::OK);
    assert!(badge.contains("Prénom1 Nom1") && badge.contains("badge.pdf"));

    // One tap on the same person as a plain form: already in.
    let page = desk
        .browser
        .post_form(
            &format!(
                "/admin/events/{}/checkin/participants/{}",
                event.0, person.participant_id
            ),
            &[("station", "Kiosque 2"), ("method", "list")],
        )
        .await;
    assert!(page.contains("answer-already"), "{}", page.body);
    assert!(page.contains("Kiosque"));

    // Undo (a mistake): the row goes, the audit keeps what it was.
    let page = desk
        .browser
        .post_form(
            &format!(
                "/admin/events/{}/checkin/participants/{}/undo",
                event.0, person.participant_id
            ),
            &[],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert!(checkins(&app, person.participant_id).await.is_empty());
    assert_eq!(
        app.count("audit_entry", "entity = 'checkin' AND action = 'delete'")
            .await,
        1
    );
}

#[tokio::test]
async fn only_the_event_day_team_may_check_people_in() {
    // REQ: CHK-2
    let app = TestApp::spawn().await;
    let world = MeetingWorld::build(&app, "accueil-droits", 1, 1).await;
    // A team member without the CheckIn right.
    let user = app.create_user("editeur@desk.test", PASSWORD, false).await;
    app.grant(user, world.event, &[Permission::EditSiteContent])
        .await;
    let editor = Desk::login_existing(&app, "editeur@desk.test").await;
    let token = pass::token_for(
        &app.db,
        world.event,
        ParticipantId(world.people[0].participant_id),
    )
    .await
    .unwrap();
    let (status, _) = editor
        .post_json(
            &scan_path(world.event),
            json!({"code": token, "station": "A"}),
        )
        .await;
    assert!(
        status == StatusCode::FORBIDDEN || status == StatusCode::NOT_FOUND,
        "{status}"
    );
    let page = editor
        .browser
        .get(&format!("/admin/events/{}/checkin", world.event.0))
        .await;
    assert!(page.status == StatusCode::FORBIDDEN || page.status == StatusCode::NOT_FOUND);
    // A participant cannot either.
    let participant = Desk::login_existing(&app, &world.people[0].email).await;
    let (status, _) = participant
        .post_json(
            &scan_path(world.event),
            json!({"code": token, "station": "A"}),
        )
        .await;
    assert_ne!(status, StatusCode::OK);
    assert_eq!(app.count("checkin", "1 = 1").await, 0);
}

/// A PNG picture of a QR code, as a phone camera frame would show it (8 px modules).
fn qr_png(payload: &str) -> Vec<u8> {
    let code = qrcode::QrCode::new(payload.as_bytes()).unwrap();
    let width = code.width();
    let colors = code.to_colors();
    let (scale, quiet) = (8usize, 4usize);
    let side = ((width + 2 * quiet) * scale) as u32;
    let mut img = image::GrayImage::from_pixel(side, side, image::Luma([255]));
    for y in 0..width {
        for x in 0..width {
            if colors[y * width + x] == qrcode::Color::Dark {
                for dy in 0..scale {
                    for dx in 0..scale {
                        img.put_pixel(
                            ((x + quiet) * scale + dx) as u32,
                            ((y + quiet) * scale + dy) as u32,
                            image::Luma([0]),
                        );
                    }
                }
            }
        }
    }
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

#[tokio::test]
async fn a_camera_frame_decoded_by_the_server_checks_in() {
    // REQ: CHK-2
    let app = TestApp::spawn().await;
    let world = MeetingWorld::build(&app, "accueil-photo", 2, 1).await;
    let desk = Desk::login(&app, &world, DESK_EMAIL).await;
    let person = &world.people[1];
    let token = pass::token_for(&app.db, world.event, ParticipantId(person.participant_id))
        .await
        .unwrap();
    let decode = format!(
        "/admin/events/{}/checkin/decode?station=iPad",
        world.event.0
    );

    let (status, answer) = desk.post_bytes(&decode, qr_png(&token)).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["status"], "admitted", "{answer}");
    assert_eq!(answer["name"], "Prénom1 Nom1");
    let rows = checkins(&app, person.participant_id).await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].method, "photo");
    assert_eq!(rows[0].station, "iPad");

    // A frame without a code, and bytes that are not an image: nothing read, nothing written.
    let blank = {
        let img = image::GrayImage::from_pixel(64, 64, image::Luma([255]));
        let mut out = std::io::Cursor::new(Vec::new());
        img.write_to(&mut out, image::ImageFormat::Png).unwrap();
        out.into_inner()
    };
    let (_, answer) = desk.post_bytes(&decode, blank).await;
    assert_eq!(answer["status"], "none");
    let (_, answer) = desk.post_bytes(&decode, b"not an image".to_vec()).await;
    assert_eq!(answer["status"], "none");
    // A QR code that is not a badge is refused with its reason.
    let (_, answer) = desk
        .post_bytes(&decode, qr_png("https://example.com/promo"))
        .await;
    assert_eq!(answer["status"], "refused");
    assert_eq!(app.count("checkin", "1 = 1").await, 1);
}

#[tokio::test]
async fn the_answer_shows_the_meetings_of_the_day_in_the_event_time_zone() {
    // REQ: CHK-2
    let app = TestApp::spawn().await;
    let world = MeetingWorld::build(&app, "accueil-agenda", 3, 2).await;
    let desk = Desk::login(&app, &world, DESK_EMAIL).await;
    // p0 meets p1 on day 1 at 09:20 (Paris) and p2 on day 2 at 09:00.
    world.meeting(&app, 0, 1, world.slots[0][1]).await;
    world.meeting(&app, 2, 0, world.slots[1][0]).await;
    let token = pass::token_for(
        &app.db,
        world.event,
        ParticipantId(world.people[0].participant_id),
    )
    .await
    .unwrap();
    let (_, answer) = desk
        .post_json(
            &scan_path(world.event),
            json!({"code": token, "station": "A"}),
        )
        .await;
    assert_eq!(answer["status"], "admitted", "{answer}");
    // Before the event, the next day with meetings is shown (day 1 only).
    assert!(
        answer["meetings_title"]
            .as_str()
            .unwrap()
            .contains("2027-03-10"),
        "{answer}"
    );
    let meetings = answer["meetings"].as_array().unwrap();
    assert_eq!(meetings.len(), 1, "{answer}");
    assert_eq!(meetings[0]["time"], "09:20–09:40");
    assert_eq!(meetings[0]["with"], "Prénom1 Nom1 (Société 1 Énergie)");
    assert!(meetings[0]["place"].as_str().unwrap().starts_with("Table"));
}
