//! A ready-made event for meeting tests: B2B sessions with slots and shared tables, and
//! validated companies with one participant each who can log in.

use crate::TestApp;
use chrono::{NaiveDate, NaiveTime, Utc};
use domain::EventId;
use sea_orm::{ActiveModelTrait, ActiveValue::Set};
use services::meetings::booking::{PlaceError, Target};
use store::entities::{b2b_session, company, meeting_request, place, slot};

/// The password of every fixture participant.
pub const PASSWORD: &str = "Meeting-Pass-2027!";

/// One fixture participant.
#[derive(Debug, Clone)]
pub struct Person {
    /// Participant id.
    pub participant_id: i64,
    /// Company id.
    pub company_id: i64,
    /// Account id.
    pub user_id: i64,
    /// Login email.
    pub email: String,
    /// Display name "First Last".
    pub name: String,
}

/// An event with sessions, slots, tables and participants.
#[derive(Debug, Clone)]
pub struct MeetingWorld {
    /// The event.
    pub event: EventId,
    /// Its slug.
    pub slug: String,
    /// Sessions: day 1 morning (09:00–10:00, 20-min slots), day 2 morning (same).
    pub sessions: Vec<i64>,
    /// Slots per session, in time order.
    pub slots: Vec<Vec<i64>>,
    /// Shared tables per session.
    pub tables: Vec<Vec<i64>>,
    /// The participants, one per company.
    pub people: Vec<Person>,
}

impl MeetingWorld {
    /// Builds the world: two sessions of three 20-minute slots with `tables` tables each, and
    /// `companies` validated companies with one participant each (logins `p{n}@{slug}.test`).
    pub async fn build(app: &TestApp, slug: &str, companies: usize, tables: usize) -> MeetingWorld {
        let event = app.create_event(slug).await;
        let now = Utc::now();
        let tz = chrono_tz::Europe::Paris;
        let mut world = MeetingWorld {
            event,
            slug: slug.to_string(),
            sessions: vec![],
            slots: vec![],
            tables: vec![],
            people: vec![],
        };
        for (n, day) in ["2027-03-10", "2027-03-11"].iter().enumerate() {
            let day = NaiveDate::parse_from_str(day, "%Y-%m-%d").unwrap();
            let session = b2b_session::ActiveModel {
                event_id: Set(event.0),
                venue_id: Set(None),
                name_fr: Set(format!("Matinée {}", n + 1)),
                name_en: Set(format!("Morning {}", n + 1)),
                day: Set(day),
                starts_local: Set("09:00".into()),
                ends_local: Set("10:00".into()),
                slot_minutes: Set(20),
                pause_minutes: Set(0),
                updated_at: Set(now),
                created_at: Set(now),
                ..Default::default()
            }
            .insert(&app.db)
            .await
            .unwrap();
            let times = domain::meeting::session_slot_times(
                day,
                NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
                NaiveTime::from_hms_opt(10, 0, 0).unwrap(),
                20,
                0,
                tz,
            )
            .unwrap();
            let mut slot_ids = vec![];
            for (position, (starts_at, ends_at)) in times.into_iter().enumerate() {
                let row = slot::ActiveModel {
                    event_id: Set(event.0),
                    session_id: Set(session.id),
                    position: Set(position as i32),
                    starts_at: Set(starts_at),
                    ends_at: Set(ends_at),
                    created_at: Set(now),
                    ..Default::default()
                }
                .insert(&app.db)
                .await
                .unwrap();
                slot_ids.push(row.id);
            }
            let mut table_ids = vec![];
            for t in 0..tables {
                let row = place::ActiveModel {
                    event_id: Set(event.0),
                    session_id: Set(Some(session.id)),
                    venue_id: Set(None),
                    kind: Set("table".into()),
                    label: Set(format!("Table {}", t + 1)),
                    owner_participant_id: Set(None),
                    position: Set(t as i32),
                    created_at: Set(now),
                    ..Default::default()
                }
                .insert(&app.db)
                .await
                .unwrap();
                table_ids.push(row.id);
            }
            world.sessions.push(session.id);
            world.slots.push(slot_ids);
            world.tables.push(table_ids);
        }
        for n in 0..companies {
            let company = company::ActiveModel {
                event_id: Set(event.0),
                name: Set(format!("Société {n} Énergie")),
                country: Set("FR".into()),
                city: Set("Lyon".into()),
                website: Set(String::new()),
                sector: Set(String::new()),
                description_fr: Set("Description".into()),
                description_en: Set("Description".into()),
                status: Set("validated".into()),
                address: Set(String::new()),
                vat_country: Set(String::new()),
                vat_number: Set(String::new()),
                refusal_reason: Set(String::new()),
                created_at: Set(now),
                ..Default::default()
            }
            .insert(&app.db)
            .await
            .unwrap();
            let email = format!("p{n}@{slug}.test");
            let user = app.create_user(&email, PASSWORD, false).await;
            let participant = store::events::insert_participant(
                &app.db,
                store::events::ParticipantRow {
                    id: 0,
                    event_id: event.0,
                    user_id: user.0,
                    company_id: Some(company.id),
                    kind: "participant".into(),
                    status: "validated".into(),
                    job_title_fr: String::new(),
                    job_title_en: String::new(),
                    created_at: now,
                    first_name: format!("Prénom{n}"),
                    last_name: format!("Nom{n}"),
                    phone: format!("+3360000{n:04}"),
                    is_company_editor: true,
                    coorganizer_user_id: None,
                },
            )
            .await
            .unwrap();
            world.people.push(Person {
                participant_id: participant.id,
                company_id: company.id,
                user_id: user.0,
                email,
                name: format!("Prénom{n} Nom{n}"),
            });
        }
        world
    }
}

/// A fixture request as inserted, without checks or notices: the columns tests vary. `new`
/// gives a "schedule" request with a short message; set the other fields as needed.
#[derive(Debug, Clone)]
pub struct RequestSeed {
    /// `domain::RequestState` as stored ("requested", "confirmed", …).
    pub state: &'static str,
    /// "schedule" or "pick_slot".
    pub booking: &'static str,
    /// Requester's priority.
    pub priority: i32,
    /// The requester's message.
    pub message: &'static str,
    /// Slots the two sides can make, as stored (JSON list of slot ids; empty: any).
    pub availability: String,
    /// Slot wished for ("pick_slot").
    pub wanted_slot: Option<i64>,
    /// Why the request was declined.
    pub decline_reason: &'static str,
    /// An expert meeting (EXP-*).
    pub expert: bool,
}

impl RequestSeed {
    /// A request in `state`, to be scheduled.
    pub fn new(state: &'static str) -> RequestSeed {
        RequestSeed {
            state,
            booking: "schedule",
            priority: 0,
            message: "Bonjour",
            availability: String::new(),
            wanted_slot: None,
            decline_reason: "",
            expert: false,
        }
    }
}

impl MeetingWorld {
    /// Inserts a request from person `from` to person `to` as `seed` says.
    pub async fn insert_request(
        &self,
        app: &TestApp,
        (from, to): (usize, usize),
        seed: RequestSeed,
    ) -> store::meetings::RequestRow {
        let now = Utc::now();
        meeting_request::ActiveModel {
            event_id: Set(self.event.0),
            requester_id: Set(self.people[from].participant_id),
            target_company_id: Set(self.people[to].company_id),
            target_participant_id: Set(Some(self.people[to].participant_id)),
            message: Set(seed.message.into()),
            priority: Set(seed.priority),
            state: Set(seed.state.into()),
            booking: Set(seed.booking.into()),
            wanted_slot_id: Set(seed.wanted_slot),
            availability: Set(seed.availability),
            decline_reason: Set(seed.decline_reason.into()),
            cancel_reason: Set(String::new()),
            is_expert: Set(seed.expert),
            created_by_user_id: Set(None),
            expires_at: Set(None),
            reminded_at: Set(None),
            decided_at: Set(None),
            confirmed_at: Set(None),
            updated_at: Set(now),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(&app.db)
        .await
        .unwrap()
    }

    /// Inserts a request in `state`, to be scheduled.
    pub async fn request(
        &self,
        app: &TestApp,
        from: usize,
        to: usize,
        state: &'static str,
    ) -> store::meetings::RequestRow {
        self.insert_request(app, (from, to), RequestSeed::new(state))
            .await
    }

    /// A confirmed request between two people, placed in `slot` through the one booking path
    /// (a table is picked).
    pub async fn meeting(
        &self,
        app: &TestApp,
        from: usize,
        to: usize,
        slot: i64,
    ) -> store::meetings::RequestRow {
        let seed = RequestSeed {
            booking: "pick_slot",
            ..RequestSeed::new("confirmed")
        };
        let request = self.insert_request(app, (from, to), seed).await;
        place_in_slot(app, &request, slot).await.unwrap();
        request
    }
}

/// Places a request in `slot` through the one booking path, as the organizer's grid does.
pub async fn place_in_slot(
    app: &TestApp,
    request: &store::meetings::RequestRow,
    slot: i64,
) -> Result<(), PlaceError> {
    let txn = store::begin_write(&app.db).await.unwrap();
    let target = Target {
        slot_id: slot,
        place_id: None,
        locked: false,
    };
    services::meetings::booking::place(&txn, request, target, Utc::now()).await?;
    txn.commit().await.unwrap();
    Ok(())
}
