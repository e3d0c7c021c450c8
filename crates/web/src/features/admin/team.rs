//! The event's team: rights per event for co-organizers and partners (BO-1, REG-10).

use super::{EventTabs, event_for};
use crate::context::Ctx;
use crate::error::AppError;
use crate::render::{page_with_status, redirect_with_flash};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Form, Router};
use domain::{EventId, Permission, PermissionSet, UserId};
use services::assignment::RuleError;
use services::forms::FieldErrors;
use services::team::{GrantForm, TeamError};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/events/{id}/team", get(team_page).post(grant))
        .route("/admin/events/{id}/team/{role}/revoke", post(revoke))
        .route("/admin/events/{id}/team/rules", post(add_rule))
        .route(
            "/admin/events/{id}/team/rules/{rule}/delete",
            post(delete_rule),
        )
}

/// A team member as shown.
struct Member {
    role_id: i64,
    user_id: i64,
    email: String,
    name: String,
    kind: String,
    permissions: Vec<String>,
}

#[derive(Template)]
#[template(path = "admin/team.html")]
struct TeamPage {
    ctx: Ctx,
    tabs: EventTabs,
    members: Vec<Member>,
    form: GrantForm,
    errors: FieldErrors,
    all_permissions: Vec<&'static str>,
    rules: Vec<RuleView>,
    rule_errors: FieldErrors,
    countries: Vec<(&'static str, String)>,
}

/// An assignment rule as shown.
struct RuleView {
    id: i64,
    description: String,
    is_link: bool,
    coorganizer: String,
}

fn members_email(members: &[Member], user_id: i64) -> String {
    members
        .iter()
        .find(|m| m.user_id == user_id)
        .map(|m| m.email.clone())
        .unwrap_or_default()
}

impl TeamPage {
    fn checked(&self, code: &&str) -> bool {
        self.form.permissions.iter().any(|p| p == code)
    }
}

async fn render_team(
    state: &AppState,
    ctx: Ctx,
    tabs: EventTabs,
    form: GrantForm,
    errors: FieldErrors,
    rule_errors: FieldErrors,
) -> Result<Response, AppError> {
    let mut members = Vec::new();
    for role in store::events::roles(&state.db, EventId(tabs.id)).await? {
        let user = store::users::find(&state.db, UserId(role.user_id)).await?;
        let permissions = PermissionSet::parse_stored(&role.permissions)
            .iter()
            .map(|p| ctx.t(&format!("permission-{}", p.code())))
            .collect();
        members.push(Member {
            role_id: role.id,
            user_id: role.user_id,
            email: user.as_ref().map(|u| u.email.clone()).unwrap_or_default(),
            name: user.map(|u| u.display_name).unwrap_or_default(),
            kind: role.kind,
            permissions,
        });
    }
    let rules = store::assignment::rules(&state.db, EventId(tabs.id))
        .await?
        .into_iter()
        .map(|r| RuleView {
            id: r.id,
            description: if r.rule_kind == "country" {
                domain::countries::name(&r.value, ctx.locale)
            } else {
                format!(
                    "{}/{}/register?via={}",
                    state.settings.base_url(),
                    tabs.slug,
                    r.value
                )
            },
            is_link: r.rule_kind == "invitation",
            coorganizer: members_email(&members, r.coorganizer_user_id),
        })
        .collect();
    let countries = domain::countries::COUNTRIES
        .iter()
        .map(|(code, _, _)| (*code, domain::countries::name(code, ctx.locale)))
        .collect();
    let status = if errors.is_empty() && rule_errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let all_permissions = Permission::ALL.iter().map(|p| p.code()).collect();
    page_with_status(
        status,
        TeamPage {
            ctx,
            tabs,
            members,
            form,
            errors,
            all_permissions,
            rules,
            rule_errors,
            countries,
        },
    )
}

async fn team_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    ctx.require_principal()?;
    let (_, tabs) = event_for(&state, &ctx, id, "team").await?;
    let form = GrantForm {
        kind: "co_organizer".into(),
        ..GrantForm::default()
    };
    render_team(
        &state,
        ctx,
        tabs,
        form,
        FieldErrors::new(),
        FieldErrors::new(),
    )
    .await
}

/// The grant form arrives with repeated `permissions` checkboxes, which a plain struct
/// cannot collect; read the pairs instead.
async fn grant(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    ctx.require_principal()?;
    let (_, tabs) = event_for(&state, &ctx, id, "team").await?;
    let value = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let form = GrantForm {
        email: value("email"),
        display_name: value("display_name"),
        kind: value("kind"),
        permissions: pairs
            .iter()
            .filter(|(k, _)| k == "permissions")
            .map(|(_, v)| v.clone())
            .collect(),
    };
    match services::team::grant_role(
        &state.db,
        &ctx.actor()?,
        EventId(id),
        &form,
        &state.settings,
    )
    .await
    {
        Ok(()) => Ok(redirect_with_flash(
            &format!("/admin/events/{id}/team"),
            "flash-saved",
            state.settings.secure_cookies(),
        )),
        Err(TeamError::Invalid(errors)) => {
            render_team(&state, ctx, tabs, form, errors, FieldErrors::new()).await
        }
        Err(TeamError::NotFound) => Err(AppError::NotFound),
        Err(TeamError::Internal(e)) => Err(e.into()),
    }
}

async fn revoke(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, role)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    ctx.require_principal()?;
    match services::team::revoke_role(&state.db, &ctx.actor()?, EventId(id), role).await {
        Ok(()) => Ok(redirect_with_flash(
            &format!("/admin/events/{id}/team"),
            "flash-deleted",
            state.settings.secure_cookies(),
        )),
        Err(TeamError::Internal(e)) => Err(e.into()),
        Err(_) => Err(AppError::NotFound),
    }
}

async fn add_rule(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(form): Form<services::assignment::RuleForm>,
) -> Result<Response, AppError> {
    ctx.require_principal()?;
    let (_, tabs) = event_for(&state, &ctx, id, "team").await?;
    match services::assignment::add_rule(&state.db, &ctx.actor()?, EventId(id), &form).await {
        Ok(()) => Ok(redirect_with_flash(
            &format!("/admin/events/{id}/team"),
            "flash-saved",
            state.settings.secure_cookies(),
        )),
        Err(RuleError::Invalid(errors)) => {
            let grant = GrantForm {
                kind: "co_organizer".into(),
                ..GrantForm::default()
            };
            render_team(&state, ctx, tabs, grant, FieldErrors::new(), errors).await
        }
        Err(RuleError::NotFound) => Err(AppError::NotFound),
        Err(RuleError::Internal(e)) => Err(e.into()),
    }
}

async fn delete_rule(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, rule)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    ctx.require_principal()?;
    match services::assignment::delete_rule(&state.db, &ctx.actor()?, EventId(id), rule).await {
        Ok(()) => Ok(redirect_with_flash(
            &format!("/admin/events/{id}/team"),
            "flash-deleted",
            state.settings.secure_cookies(),
        )),
        Err(RuleError::Internal(e)) => Err(e.into()),
        Err(_) => Err(AppError::NotFound),
    }
}
