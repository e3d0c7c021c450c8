//! Events and what belongs to them: venues, rooms, pages, partners, team roles, participants.
//!
//! Every function on an event's parts takes the `EventId` and filters on it, so an id typed
//! into a URL can never reach another event's rows.

use crate::entities::{
    company, event, event_page, event_partner, event_role, participant, room, venue,
};
use chrono::{DateTime, Utc};
use domain::{EventId, UserId};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait,
    IntoActiveModel, QueryFilter, QueryOrder,
};

pub use company::Model as CompanyRow;
pub use event::Model as EventRow;
pub use event_page::Model as PageRow;
pub use event_partner::Model as PartnerRow;
pub use event_role::Model as RoleRow;
pub use participant::Model as ParticipantRow;
pub use room::Model as RoomRow;
pub use venue::Model as VenueRow;

/// Every event, newest first (back office).
pub async fn list_all(db: &impl ConnectionTrait) -> Result<Vec<EventRow>, DbErr> {
    event::Entity::find()
        .order_by_desc(event::Column::StartsOn)
        .all(db)
        .await
}

/// Events with these ids, newest first.
pub async fn list_by_ids(db: &impl ConnectionTrait, ids: &[i64]) -> Result<Vec<EventRow>, DbErr> {
    event::Entity::find()
        .filter(event::Column::Id.is_in(ids.to_vec()))
        .order_by_desc(event::Column::StartsOn)
        .all(db)
        .await
}

/// Published events, soonest first; the caller filters on the site's lifetime.
pub async fn list_published(db: &impl ConnectionTrait) -> Result<Vec<EventRow>, DbErr> {
    event::Entity::find()
        .filter(event::Column::IsPublished.eq(true))
        .order_by_asc(event::Column::StartsOn)
        .all(db)
        .await
}

/// One event by id.
pub async fn find(db: &impl ConnectionTrait, id: EventId) -> Result<Option<EventRow>, DbErr> {
    event::Entity::find_by_id(id.0).one(db).await
}

/// One event by slug.
pub async fn find_by_slug(
    db: &impl ConnectionTrait,
    slug: &str,
) -> Result<Option<EventRow>, DbErr> {
    event::Entity::find()
        .filter(event::Column::Slug.eq(slug))
        .one(db)
        .await
}

/// Inserts an event (its `id` is ignored).
pub async fn insert(db: &impl ConnectionTrait, row: EventRow) -> Result<EventRow, DbErr> {
    let mut model = row.into_active_model();
    model.id = sea_orm::ActiveValue::NotSet;
    model.insert(db).await
}

/// Replaces an event's fields.
pub async fn update(db: &impl ConnectionTrait, row: EventRow) -> Result<EventRow, DbErr> {
    row.into_active_model().reset_all().update(db).await
}

/// Deletes an event and, by cascade, everything that belongs to it.
pub async fn delete(db: &impl ConnectionTrait, id: EventId) -> Result<(), DbErr> {
    event::Entity::delete_by_id(id.0).exec(db).await.map(|_| ())
}

/// The event's venues.
pub async fn venues(db: &impl ConnectionTrait, event: EventId) -> Result<Vec<VenueRow>, DbErr> {
    venue::Entity::find()
        .filter(venue::Column::EventId.eq(event.0))
        .order_by_asc(venue::Column::Id)
        .all(db)
        .await
}

/// One venue of the event.
pub async fn venue(
    db: &impl ConnectionTrait,
    event: EventId,
    id: i64,
) -> Result<Option<VenueRow>, DbErr> {
    venue::Entity::find_by_id(id)
        .filter(venue::Column::EventId.eq(event.0))
        .one(db)
        .await
}

/// Inserts or replaces a venue (an `id` of 0 inserts).
pub async fn save_venue(db: &impl ConnectionTrait, row: VenueRow) -> Result<VenueRow, DbErr> {
    if row.id == 0 {
        let mut model = row.into_active_model();
        model.id = sea_orm::ActiveValue::NotSet;
        model.insert(db).await
    } else {
        row.into_active_model().reset_all().update(db).await
    }
}

/// Deletes a venue of the event (rooms follow by cascade).
pub async fn delete_venue(
    db: &impl ConnectionTrait,
    event: EventId,
    id: i64,
) -> Result<u64, DbErr> {
    Ok(venue::Entity::delete_many()
        .filter(venue::Column::EventId.eq(event.0))
        .filter(venue::Column::Id.eq(id))
        .exec(db)
        .await?
        .rows_affected)
}

/// The event's rooms.
pub async fn rooms(db: &impl ConnectionTrait, event: EventId) -> Result<Vec<RoomRow>, DbErr> {
    room::Entity::find()
        .filter(room::Column::EventId.eq(event.0))
        .order_by_asc(room::Column::Id)
        .all(db)
        .await
}

/// One room of the event.
pub async fn room(
    db: &impl ConnectionTrait,
    event: EventId,
    id: i64,
) -> Result<Option<RoomRow>, DbErr> {
    room::Entity::find_by_id(id)
        .filter(room::Column::EventId.eq(event.0))
        .one(db)
        .await
}

/// Inserts a room.
pub async fn insert_room(db: &impl ConnectionTrait, row: RoomRow) -> Result<RoomRow, DbErr> {
    let mut model = row.into_active_model();
    model.id = sea_orm::ActiveValue::NotSet;
    model.insert(db).await
}

/// Deletes a room of the event.
pub async fn delete_room(db: &impl ConnectionTrait, event: EventId, id: i64) -> Result<u64, DbErr> {
    Ok(room::Entity::delete_many()
        .filter(room::Column::EventId.eq(event.0))
        .filter(room::Column::Id.eq(id))
        .exec(db)
        .await?
        .rows_affected)
}

/// One page of the event in one language.
pub async fn page(
    db: &impl ConnectionTrait,
    event: EventId,
    kind: &str,
    locale: &str,
) -> Result<Option<PageRow>, DbErr> {
    event_page::Entity::find()
        .filter(event_page::Column::EventId.eq(event.0))
        .filter(event_page::Column::Kind.eq(kind))
        .filter(event_page::Column::Locale.eq(locale))
        .one(db)
        .await
}

/// Every page of the event.
pub async fn pages(db: &impl ConnectionTrait, event: EventId) -> Result<Vec<PageRow>, DbErr> {
    event_page::Entity::find()
        .filter(event_page::Column::EventId.eq(event.0))
        .all(db)
        .await
}

/// Creates or replaces a page; returns the previous version for the audit trail.
pub async fn upsert_page(
    db: &impl ConnectionTrait,
    event: EventId,
    kind: &str,
    locale: &str,
    title: &str,
    body_html: &str,
    now: DateTime<Utc>,
) -> Result<Option<PageRow>, DbErr> {
    let previous = page(db, event, kind, locale).await?;
    match &previous {
        Some(existing) => {
            let mut model = existing.clone().into_active_model();
            model.title = Set(title.to_string());
            model.body_html = Set(body_html.to_string());
            model.updated_at = Set(now);
            model.update(db).await?;
        }
        None => {
            event_page::ActiveModel {
                event_id: Set(event.0),
                kind: Set(kind.to_string()),
                locale: Set(locale.to_string()),
                title: Set(title.to_string()),
                body_html: Set(body_html.to_string()),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(db)
            .await?;
        }
    }
    Ok(previous)
}

/// The event's organizers, co-organizers and partners, in display order.
pub async fn partners(db: &impl ConnectionTrait, event: EventId) -> Result<Vec<PartnerRow>, DbErr> {
    event_partner::Entity::find()
        .filter(event_partner::Column::EventId.eq(event.0))
        .order_by_asc(event_partner::Column::Position)
        .order_by_asc(event_partner::Column::Id)
        .all(db)
        .await
}

/// One partner of the event.
pub async fn partner(
    db: &impl ConnectionTrait,
    event: EventId,
    id: i64,
) -> Result<Option<PartnerRow>, DbErr> {
    event_partner::Entity::find_by_id(id)
        .filter(event_partner::Column::EventId.eq(event.0))
        .one(db)
        .await
}

/// Inserts or replaces a partner (an `id` of 0 inserts).
pub async fn save_partner(db: &impl ConnectionTrait, row: PartnerRow) -> Result<PartnerRow, DbErr> {
    if row.id == 0 {
        let mut model = row.into_active_model();
        model.id = sea_orm::ActiveValue::NotSet;
        model.insert(db).await
    } else {
        row.into_active_model().reset_all().update(db).await
    }
}

/// Deletes a partner of the event.
pub async fn delete_partner(
    db: &impl ConnectionTrait,
    event: EventId,
    id: i64,
) -> Result<u64, DbErr> {
    Ok(event_partner::Entity::delete_many()
        .filter(event_partner::Column::EventId.eq(event.0))
        .filter(event_partner::Column::Id.eq(id))
        .exec(db)
        .await?
        .rows_affected)
}

/// Secondary administrators of the event.
pub async fn roles(db: &impl ConnectionTrait, event: EventId) -> Result<Vec<RoleRow>, DbErr> {
    event_role::Entity::find()
        .filter(event_role::Column::EventId.eq(event.0))
        .order_by_asc(event_role::Column::Id)
        .all(db)
        .await
}

/// A person's role on one event, if any.
pub async fn role_of(
    db: &impl ConnectionTrait,
    event: EventId,
    user: UserId,
) -> Result<Option<RoleRow>, DbErr> {
    event_role::Entity::find()
        .filter(event_role::Column::EventId.eq(event.0))
        .filter(event_role::Column::UserId.eq(user.0))
        .one(db)
        .await
}

/// Every event role a person holds.
pub async fn roles_of_user(db: &impl ConnectionTrait, user: UserId) -> Result<Vec<RoleRow>, DbErr> {
    event_role::Entity::find()
        .filter(event_role::Column::UserId.eq(user.0))
        .all(db)
        .await
}

/// Grants or replaces a person's role on the event; returns the previous role.
pub async fn upsert_role(
    db: &impl ConnectionTrait,
    event: EventId,
    user: UserId,
    kind: &str,
    permissions: &str,
    now: DateTime<Utc>,
) -> Result<Option<RoleRow>, DbErr> {
    let previous = role_of(db, event, user).await?;
    match &previous {
        Some(existing) => {
            let mut model = existing.clone().into_active_model();
            model.kind = Set(kind.to_string());
            model.permissions = Set(permissions.to_string());
            model.update(db).await?;
        }
        None => {
            event_role::ActiveModel {
                event_id: Set(event.0),
                user_id: Set(user.0),
                kind: Set(kind.to_string()),
                permissions: Set(permissions.to_string()),
                created_at: Set(now),
                ..Default::default()
            }
            .insert(db)
            .await?;
        }
    }
    Ok(previous)
}

/// Removes a role of the event by its id; returns the removed row.
pub async fn delete_role(
    db: &impl ConnectionTrait,
    event: EventId,
    role_id: i64,
) -> Result<Option<RoleRow>, DbErr> {
    let existing = event_role::Entity::find_by_id(role_id)
        .filter(event_role::Column::EventId.eq(event.0))
        .one(db)
        .await?;
    if existing.is_some() {
        event_role::Entity::delete_by_id(role_id).exec(db).await?;
    }
    Ok(existing)
}

/// Inserts a company.
pub async fn insert_company(
    db: &impl ConnectionTrait,
    row: CompanyRow,
) -> Result<CompanyRow, DbErr> {
    let mut model = row.into_active_model();
    model.id = sea_orm::ActiveValue::NotSet;
    model.insert(db).await
}

/// The event's companies, by name.
pub async fn companies(
    db: &impl ConnectionTrait,
    event: EventId,
) -> Result<Vec<CompanyRow>, DbErr> {
    company::Entity::find()
        .filter(company::Column::EventId.eq(event.0))
        .order_by_asc(company::Column::Name)
        .all(db)
        .await
}

/// Inserts a participant.
pub async fn insert_participant(
    db: &impl ConnectionTrait,
    row: ParticipantRow,
) -> Result<ParticipantRow, DbErr> {
    let mut model = row.into_active_model();
    model.id = sea_orm::ActiveValue::NotSet;
    model.insert(db).await
}

/// Every registration of a person, across events.
pub async fn participations_of_user(
    db: &impl ConnectionTrait,
    user: UserId,
) -> Result<Vec<ParticipantRow>, DbErr> {
    participant::Entity::find()
        .filter(participant::Column::UserId.eq(user.0))
        .all(db)
        .await
}

/// The event's participants.
pub async fn participants(
    db: &impl ConnectionTrait,
    event: EventId,
) -> Result<Vec<ParticipantRow>, DbErr> {
    participant::Entity::find()
        .filter(participant::Column::EventId.eq(event.0))
        .order_by_asc(participant::Column::Id)
        .all(db)
        .await
}
