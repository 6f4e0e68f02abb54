-- Console passwords and the lockout that protects them; API token scopes and use.

-- password_hash: an Argon2id PHC string ($argon2id$v=19$m=..,t=..,p=..$salt$hash) or null, in which case
-- the user cannot sign in with a password at all (API tokens only).
-- failed_logins: consecutive failed password sign-ins since the last success or lock.
-- locked_until: while in the future, password sign-in is refused even with the right password.
alter table app_user
    add column password_hash       text,
    add column failed_logins       integer     not null default 0 check (failed_logins >= 0),
    add column locked_until        timestamptz,
    add column last_login_at       timestamptz,
    add column password_changed_at timestamptz;

-- scopes: permission names the token is limited to (the caller holds the intersection with the
-- user's current permissions); null means the token carries all of the user's permissions.
-- last_used_at: coarse (updated at most once a minute) so that a busy client does not write per request.
alter table api_token
    add column scopes       text[],
    add column last_used_at timestamptz;

create index api_token_user on api_token (user_id);
