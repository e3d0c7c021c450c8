//! Taxonomy terms, form field settings and field values of an event (REG-3, BO-3, BO-9).

use crate::entities::{field_value, form_field, taxonomy_term};
use domain::EventId;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait,
    QueryFilter, QueryOrder,
};

pub use field_value::Model as FieldValueRow;
pub use form_field::Model as FormFieldRow;
pub use taxonomy_term::Model as TermRow;

/// All terms of the event, by vocabulary then position.
pub async fn terms(db: &impl ConnectionTrait, event: EventId) -> Result<Vec<TermRow>, DbErr> {
    taxonomy_term::Entity::find()
        .filter(taxonomy_term::Column::EventId.eq(event.0))
        .order_by_asc(taxonomy_term::Column::Vocabulary)
        .order_by_asc(taxonomy_term::Column::Position)
        .order_by_asc(taxonomy_term::Column::Id)
        .all(db)
        .await
}

/// One term of the event.
pub async fn term(
    db: &impl ConnectionTrait,
    event: EventId,
    id: i64,
) -> Result<Option<TermRow>, DbErr> {
    taxonomy_term::Entity::find_by_id(id)
        .filter(taxonomy_term::Column::EventId.eq(event.0))
        .one(db)
        .await
}

/// Inserts (`id` 0) or updates a term.
pub async fn save_term(db: &impl ConnectionTrait, row: TermRow) -> Result<TermRow, DbErr> {
    let mut model = taxonomy_term::ActiveModel {
        event_id: Set(row.event_id),
        vocabulary: Set(row.vocabulary),
        code: Set(row.code),
        parent_code: Set(row.parent_code),
        label_fr: Set(row.label_fr),
        label_en: Set(row.label_en),
        position: Set(row.position),
        ..Default::default()
    };
    if row.id == 0 {
        model.insert(db).await
    } else {
        model.id = Set(row.id);
        model.update(db).await
    }
}

/// Deletes a term of the event.
pub async fn delete_term(db: &impl ConnectionTrait, event: EventId, id: i64) -> Result<u64, DbErr> {
    Ok(taxonomy_term::Entity::delete_many()
        .filter(taxonomy_term::Column::EventId.eq(event.0))
        .filter(taxonomy_term::Column::Id.eq(id))
        .exec(db)
        .await?
        .rows_affected)
}

/// Deletes every term of one vocabulary of the event.
pub async fn delete_vocabulary(
    db: &impl ConnectionTrait,
    event: EventId,
    vocabulary: &str,
) -> Result<u64, DbErr> {
    Ok(taxonomy_term::Entity::delete_many()
        .filter(taxonomy_term::Column::EventId.eq(event.0))
        .filter(taxonomy_term::Column::Vocabulary.eq(vocabulary))
        .exec(db)
        .await?
        .rows_affected)
}

/// The event's field settings and custom fields.
pub async fn fields(db: &impl ConnectionTrait, event: EventId) -> Result<Vec<FormFieldRow>, DbErr> {
    form_field::Entity::find()
        .filter(form_field::Column::EventId.eq(event.0))
        .order_by_asc(form_field::Column::Position)
        .order_by_asc(form_field::Column::Id)
        .all(db)
        .await
}

/// Inserts (`id` 0) or updates a field row.
pub async fn save_field(
    db: &impl ConnectionTrait,
    row: FormFieldRow,
) -> Result<FormFieldRow, DbErr> {
    let mut model = form_field::ActiveModel {
        event_id: Set(row.event_id),
        scope: Set(row.scope),
        field_key: Set(row.field_key),
        kind: Set(row.kind),
        section: Set(row.section),
        label_fr: Set(row.label_fr),
        label_en: Set(row.label_en),
        help_fr: Set(row.help_fr),
        help_en: Set(row.help_en),
        options: Set(row.options),
        vocabulary: Set(row.vocabulary),
        sectors: Set(row.sectors),
        required: Set(row.required),
        hidden: Set(row.hidden),
        public: Set(row.public),
        position: Set(row.position),
        updated_at: Set(row.updated_at),
        ..Default::default()
    };
    if row.id == 0 {
        model.insert(db).await
    } else {
        model.id = Set(row.id);
        model.update(db).await
    }
}

/// Deletes a field row of the event, and the values typed into it.
pub async fn delete_field(
    db: &impl ConnectionTrait,
    event: EventId,
    row: &FormFieldRow,
) -> Result<(), DbErr> {
    field_value::Entity::delete_many()
        .filter(field_value::Column::EventId.eq(event.0))
        .filter(field_value::Column::FieldKey.eq(row.field_key.as_str()))
        .exec(db)
        .await?;
    form_field::Entity::delete_many()
        .filter(form_field::Column::EventId.eq(event.0))
        .filter(form_field::Column::Id.eq(row.id))
        .exec(db)
        .await?;
    Ok(())
}

/// Deletes the event's settings of a standard field (its values stay).
pub async fn delete_field_settings(
    db: &impl ConnectionTrait,
    event: EventId,
    row: &FormFieldRow,
) -> Result<(), DbErr> {
    form_field::Entity::delete_many()
        .filter(form_field::Column::EventId.eq(event.0))
        .filter(form_field::Column::Id.eq(row.id))
        .exec(db)
        .await?;
    Ok(())
}

/// Whose value it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner {
    /// A company's field.
    Company(i64),
    /// A person's field.
    Participant(i64),
    /// An offer's or request's field.
    Offer(i64),
}

/// Every value typed into the event's configurable fields.
pub async fn values(
    db: &impl ConnectionTrait,
    event: EventId,
) -> Result<Vec<FieldValueRow>, DbErr> {
    field_value::Entity::find()
        .filter(field_value::Column::EventId.eq(event.0))
        .order_by_asc(field_value::Column::Id)
        .all(db)
        .await
}

fn owner_filter(owner: Owner) -> sea_orm::Condition {
    let condition = sea_orm::Condition::all();
    match owner {
        Owner::Company(id) => condition.add(field_value::Column::CompanyId.eq(id)),
        Owner::Participant(id) => condition.add(field_value::Column::ParticipantId.eq(id)),
        Owner::Offer(id) => condition.add(field_value::Column::OfferId.eq(id)),
    }
}

/// The values of one company, person or offer.
pub async fn values_of(
    db: &impl ConnectionTrait,
    event: EventId,
    owner: Owner,
) -> Result<Vec<FieldValueRow>, DbErr> {
    field_value::Entity::find()
        .filter(field_value::Column::EventId.eq(event.0))
        .filter(owner_filter(owner))
        .order_by_asc(field_value::Column::Id)
        .all(db)
        .await
}

/// The values of some companies, offers and people of the event.
pub async fn values_of_owners(
    db: &impl ConnectionTrait,
    event: EventId,
    companies: &[i64],
    offers: &[i64],
    people: &[i64],
) -> Result<Vec<FieldValueRow>, DbErr> {
    field_value::Entity::find()
        .filter(field_value::Column::EventId.eq(event.0))
        .filter(
            sea_orm::Condition::any()
                .add(field_value::Column::CompanyId.is_in(companies.iter().copied()))
                .add(field_value::Column::OfferId.is_in(offers.iter().copied()))
                .add(field_value::Column::ParticipantId.is_in(people.iter().copied())),
        )
        .order_by_asc(field_value::Column::Id)
        .all(db)
        .await
}

/// Replaces the values of the given fields of one owner with `values` (field key, value);
/// fields not listed keep their values, empty values are not stored.
pub async fn replace_values(
    db: &impl ConnectionTrait,
    event: EventId,
    owner: Owner,
    values: &[(String, String)],
) -> Result<(), DbErr> {
    let keys: Vec<&str> = values.iter().map(|(k, _)| k.as_str()).collect();
    if keys.is_empty() {
        return Ok(());
    }
    field_value::Entity::delete_many()
        .filter(field_value::Column::EventId.eq(event.0))
        .filter(owner_filter(owner))
        .filter(field_value::Column::FieldKey.is_in(keys))
        .exec(db)
        .await?;
    for (key, value) in values.iter().filter(|(_, v)| !v.is_empty()) {
        let (company, participant, offer) = match owner {
            Owner::Company(id) => (Some(id), None, None),
            Owner::Participant(id) => (None, Some(id), None),
            Owner::Offer(id) => (None, None, Some(id)),
        };
        field_value::ActiveModel {
            event_id: Set(event.0),
            field_key: Set(key.clone()),
            company_id: Set(company),
            participant_id: Set(participant),
            offer_id: Set(offer),
            value: Set(value.clone()),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    Ok(())
}
