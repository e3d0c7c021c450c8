//! A participant's own data: profile, company, offers and colleagues edited from the
//! private area (PRV-2), the personal-data export and the erasure of an account (REG-8).
//!
//! Event-scoped functions take the `EventId` first and filter on it (and on the company), so
//! an id typed into a URL can never reach another event's or another company's rows.

use crate::entities::{
    app_user, audit_entry, auth_token, company, connection_log, consent, event_role, http_session,
    login_failure, offer, outbox_message, participant,
};
use chrono::{DateTime, Utc};
use domain::EventId;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, DbErr,
    EntityTrait, QueryFilter, QueryOrder, sea_query::Expr,
};

pub use audit_entry::Model as AuditRow;
pub use consent::Model as ConsentRow;

/// The person's own fields on a registration.
pub struct PersonFields<'a> {
    /// First name.
    pub first_name: &'a str,
    /// Last name.
    pub last_name: &'a str,
    /// Job title (one value for both languages).
    pub job_title: &'a str,
    /// Phone.
    pub phone: &'a str,
    /// Whether the person edits the company (organizers only); `None` keeps it.
    pub is_company_editor: Option<bool>,
}

/// Updates a participant's fields (the caller has checked whose participant it is).
pub async fn update_person(
    db: &impl ConnectionTrait,
    event: EventId,
    participant_id: i64,
    fields: PersonFields<'_>,
) -> Result<u64, DbErr> {
    let mut update = participant::Entity::update_many()
        .col_expr(
            participant::Column::FirstName,
            Expr::value(fields.first_name),
        )
        .col_expr(participant::Column::LastName, Expr::value(fields.last_name))
        .col_expr(
            participant::Column::JobTitleFr,
            Expr::value(fields.job_title),
        )
        .col_expr(
            participant::Column::JobTitleEn,
            Expr::value(fields.job_title),
        )
        .col_expr(participant::Column::Phone, Expr::value(fields.phone));
    if let Some(editor) = fields.is_company_editor {
        update = update.col_expr(participant::Column::IsCompanyEditor, Expr::value(editor));
    }
    Ok(update
        .filter(participant::Column::EventId.eq(event.0))
        .filter(participant::Column::Id.eq(participant_id))
        .exec(db)
        .await?
        .rows_affected)
}

/// The company fields a participant may edit.
pub struct CompanyFields<'a> {
    /// Name.
    pub name: &'a str,
    /// City.
    pub city: &'a str,
    /// Postal address.
    pub address: &'a str,
    /// Website.
    pub website: &'a str,
    /// Description in French.
    pub description_fr: &'a str,
    /// Description in English.
    pub description_en: &'a str,
}

/// Updates a company's public fields.
pub async fn update_company(
    db: &impl ConnectionTrait,
    event: EventId,
    company_id: i64,
    fields: CompanyFields<'_>,
) -> Result<u64, DbErr> {
    Ok(company::Entity::update_many()
        .col_expr(company::Column::Name, Expr::value(fields.name))
        .col_expr(company::Column::City, Expr::value(fields.city))
        .col_expr(company::Column::Address, Expr::value(fields.address))
        .col_expr(company::Column::Website, Expr::value(fields.website))
        .col_expr(
            company::Column::DescriptionFr,
            Expr::value(fields.description_fr),
        )
        .col_expr(
            company::Column::DescriptionEn,
            Expr::value(fields.description_en),
        )
        .filter(company::Column::EventId.eq(event.0))
        .filter(company::Column::Id.eq(company_id))
        .exec(db)
        .await?
        .rows_affected)
}

/// One offer of one company of the event.
pub async fn offer_of(
    db: &impl ConnectionTrait,
    event: EventId,
    company_id: i64,
    offer_id: i64,
) -> Result<Option<offer::Model>, DbErr> {
    offer::Entity::find_by_id(offer_id)
        .filter(offer::Column::EventId.eq(event.0))
        .filter(offer::Column::CompanyId.eq(company_id))
        .one(db)
        .await
}

/// Replaces an offer's fields (kind, title, description, keywords).
pub async fn update_offer(
    db: &impl ConnectionTrait,
    event: EventId,
    company_id: i64,
    offer_id: i64,
    values: [&str; 4],
) -> Result<u64, DbErr> {
    let [kind, title, description, keywords] = values;
    Ok(offer::Entity::update_many()
        .col_expr(offer::Column::Kind, Expr::value(kind))
        .col_expr(offer::Column::Title, Expr::value(title))
        .col_expr(offer::Column::Description, Expr::value(description))
        .col_expr(offer::Column::Keywords, Expr::value(keywords))
        .filter(offer::Column::EventId.eq(event.0))
        .filter(offer::Column::CompanyId.eq(company_id))
        .filter(offer::Column::Id.eq(offer_id))
        .exec(db)
        .await?
        .rows_affected)
}

/// Deletes an offer of a company; returns rows deleted.
pub async fn delete_offer(
    db: &impl ConnectionTrait,
    event: EventId,
    company_id: i64,
    offer_id: i64,
) -> Result<u64, DbErr> {
    Ok(offer::Entity::delete_many()
        .filter(offer::Column::EventId.eq(event.0))
        .filter(offer::Column::CompanyId.eq(company_id))
        .filter(offer::Column::Id.eq(offer_id))
        .exec(db)
        .await?
        .rows_affected)
}

/// Adds a person to a company of the event (a colleague), with the company's status.
pub async fn insert_colleague(
    db: &impl ConnectionTrait,
    event: EventId,
    company_id: i64,
    user_id: i64,
    names: (&str, &str),
    status: &str,
    now: DateTime<Utc>,
) -> Result<participant::Model, DbErr> {
    participant::ActiveModel {
        event_id: Set(event.0),
        user_id: Set(user_id),
        company_id: Set(Some(company_id)),
        kind: Set("participant".into()),
        status: Set(status.into()),
        job_title_fr: Set(String::new()),
        job_title_en: Set(String::new()),
        first_name: Set(names.0.into()),
        last_name: Set(names.1.into()),
        phone: Set(String::new()),
        is_company_editor: Set(false),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
}

/// Removes one person of a company from the event; returns rows deleted.
pub async fn delete_colleague(
    db: &impl ConnectionTrait,
    event: EventId,
    company_id: i64,
    participant_id: i64,
) -> Result<u64, DbErr> {
    Ok(participant::Entity::delete_many()
        .filter(participant::Column::EventId.eq(event.0))
        .filter(participant::Column::CompanyId.eq(company_id))
        .filter(participant::Column::Id.eq(participant_id))
        .exec(db)
        .await?
        .rows_affected)
}

/// The consents an account gave, oldest first.
pub async fn consents_of_user(
    db: &impl ConnectionTrait,
    user_id: i64,
) -> Result<Vec<ConsentRow>, DbErr> {
    consent::Entity::find()
        .filter(consent::Column::UserId.eq(user_id))
        .order_by_asc(consent::Column::Id)
        .all(db)
        .await
}

/// How many people a company has left.
pub async fn people_count(
    db: &impl ConnectionTrait,
    event: EventId,
    company_id: i64,
) -> Result<usize, DbErr> {
    Ok(crate::registration::people(db, event, company_id)
        .await?
        .len())
}

/// Deletes a company and its offers.
pub async fn delete_company(
    db: &impl ConnectionTrait,
    event: EventId,
    company_id: i64,
) -> Result<(), DbErr> {
    offer::Entity::delete_many()
        .filter(offer::Column::EventId.eq(event.0))
        .filter(offer::Column::CompanyId.eq(company_id))
        .exec(db)
        .await?;
    company::Entity::delete_many()
        .filter(company::Column::EventId.eq(event.0))
        .filter(company::Column::Id.eq(company_id))
        .exec(db)
        .await?;
    Ok(())
}

/// Physically deletes an account and every row keyed by it or by its email: registrations,
/// consents, sessions, tokens, team roles, login failures, connection log, outbox messages.
pub async fn delete_account_rows(
    db: &impl ConnectionTrait,
    user_id: i64,
    email: &str,
    email_key: &str,
) -> Result<(), DbErr> {
    participant::Entity::delete_many()
        .filter(participant::Column::UserId.eq(user_id))
        .exec(db)
        .await?;
    consent::Entity::delete_many()
        .filter(consent::Column::UserId.eq(user_id))
        .exec(db)
        .await?;
    http_session::Entity::delete_many()
        .filter(http_session::Column::UserId.eq(user_id))
        .exec(db)
        .await?;
    auth_token::Entity::delete_many()
        .filter(auth_token::Column::UserId.eq(user_id))
        .exec(db)
        .await?;
    event_role::Entity::delete_many()
        .filter(event_role::Column::UserId.eq(user_id))
        .exec(db)
        .await?;
    login_failure::Entity::delete_many()
        .filter(
            Condition::any()
                .add(login_failure::Column::ThrottleKey.eq(format!("acct:{email_key}")))
                .add(login_failure::Column::ThrottleKey.eq(format!("acct:{email}"))),
        )
        .exec(db)
        .await?;
    connection_log::Entity::delete_many()
        .filter(
            Condition::any()
                .add(connection_log::Column::UserId.eq(user_id))
                .add(connection_log::Column::Email.eq(email_key))
                .add(connection_log::Column::Email.eq(email)),
        )
        .exec(db)
        .await?;
    outbox_message::Entity::delete_many()
        .filter(
            Condition::any()
                .add(outbox_message::Column::Recipient.eq(email))
                .add(outbox_message::Column::Recipient.eq(email_key)),
        )
        .exec(db)
        .await?;
    app_user::Entity::delete_many()
        .filter(app_user::Column::Id.eq(user_id))
        .exec(db)
        .await?;
    Ok(())
}

/// Audit entries made by an account or mentioning one of the texts.
pub async fn audit_mentioning(
    db: &impl ConnectionTrait,
    user_id: i64,
    needles: &[String],
) -> Result<Vec<AuditRow>, DbErr> {
    let mut condition = Condition::any().add(audit_entry::Column::ActorUserId.eq(user_id));
    for needle in needles {
        condition = condition
            .add(audit_entry::Column::ActorLabel.eq(needle.as_str()))
            .add(audit_entry::Column::BeforeJson.contains(needle.as_str()))
            .add(audit_entry::Column::AfterJson.contains(needle.as_str()));
    }
    audit_entry::Entity::find().filter(condition).all(db).await
}

/// Rewrites an audit entry's actor and before/after texts (erasure keeps the action).
pub async fn rewrite_audit(
    db: &impl ConnectionTrait,
    row: &AuditRow,
    actor_user_id: Option<i64>,
    actor_label: &str,
    before: Option<String>,
    after: Option<String>,
) -> Result<(), DbErr> {
    audit_entry::Entity::update_many()
        .col_expr(audit_entry::Column::ActorUserId, Expr::value(actor_user_id))
        .col_expr(audit_entry::Column::ActorLabel, Expr::value(actor_label))
        .col_expr(audit_entry::Column::BeforeJson, Expr::value(before))
        .col_expr(audit_entry::Column::AfterJson, Expr::value(after))
        .filter(audit_entry::Column::Id.eq(row.id))
        .exec(db)
        .await?;
    Ok(())
}

/// Outbox messages to other people that mention one of the texts.
pub async fn outbox_mentioning(
    db: &impl ConnectionTrait,
    needles: &[String],
) -> Result<Vec<outbox_message::Model>, DbErr> {
    let mut condition = Condition::any();
    for needle in needles {
        condition = condition
            .add(outbox_message::Column::Subject.contains(needle.as_str()))
            .add(outbox_message::Column::BodyText.contains(needle.as_str()));
    }
    outbox_message::Entity::find()
        .filter(condition)
        .all(db)
        .await
}

/// Replaces an outbox message's texts.
pub async fn rewrite_outbox(
    db: &impl ConnectionTrait,
    id: i64,
    subject: &str,
    body_text: &str,
) -> Result<(), DbErr> {
    outbox_message::Entity::update_many()
        .col_expr(outbox_message::Column::Subject, Expr::value(subject))
        .col_expr(outbox_message::Column::BodyText, Expr::value(body_text))
        .col_expr(
            outbox_message::Column::BodyHtml,
            Expr::value(Option::<String>::None),
        )
        .filter(outbox_message::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}
