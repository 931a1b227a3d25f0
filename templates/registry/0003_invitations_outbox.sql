-- Super users' one-time invitations and the mail outbox (issue 12, item 5).
-- An invitation's token exists only in the mail that carries it: the registry keeps its SHA-256.
-- The platform's application redeems a token through redeem_invitation() as tenantops_app, a role
-- that can do that and nothing else.

CREATE TABLE invitations (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant       text NOT NULL REFERENCES tenants (code),
  email        text NOT NULL CHECK (email = lower(email)),
  -- sha256 of the token's UTF-8 bytes: a stolen registry dump redeems nothing.
  token_hash   bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
  created_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
  expires_at   timestamptz NOT NULL,
  redeemed_at  timestamptz,
  -- Set when a newer invitation replaced this one before it was redeemed.
  revoked_at   timestamptz,
  CHECK (expires_at > created_at)
);
CREATE INDEX invitations_tenant_email_idx ON invitations (tenant, email, created_at DESC);

-- One row per mail, written (with its rendered message sealed in an AES-256-GCM envelope, since
-- the message carries the invitation token) before the mail is sent and marked `sent` after it.
-- A crash between the two leaves the row pending: the next run sends it again, so a crash loses
-- no mail and repeats at most the one in flight. dedupe_key makes a re-run enqueue nothing.
CREATE TABLE outbox (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant         text NOT NULL REFERENCES tenants (code),
  dedupe_key     text NOT NULL UNIQUE,
  kind           text NOT NULL CHECK (kind IN ('welcome', 'go-live')),
  recipient      text NOT NULL,
  subject        text NOT NULL,
  invitation_id  uuid REFERENCES invitations (id),
  message        jsonb NOT NULL CHECK (
                   jsonb_typeof(message) = 'object'
                   AND message ?& ARRAY['v', 'kid', 'iv', 'tag', 'ct']
                   AND message - ARRAY['v', 'kid', 'iv', 'tag', 'ct'] = '{}'::jsonb),
  kid            text GENERATED ALWAYS AS (message ->> 'kid') STORED,
  -- cancelled: its recipient stopped being a super user before it went out.
  status         text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'cancelled')),
  attempts       integer NOT NULL DEFAULT 0,
  created_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
  last_attempt_at timestamptz,
  sent_at        timestamptz,
  -- What the SMTP server answered (its queue id), for tracing a mail; never the message.
  smtp_response  text,
  last_error     text,
  CHECK ((status = 'sent') = (sent_at IS NOT NULL))
);
CREATE INDEX outbox_pending_idx ON outbox (tenant, id) WHERE status = 'pending';

-- The role the platform's application redeems invitations as. NOLOGIN: the application's own
-- login role is made a member of it. Roles are cluster-wide, so another registry on the same
-- server may have created it already (even concurrently).
DO $$
BEGIN
  CREATE ROLE tenantops_app NOLOGIN;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
  NULL;
END
$$;

-- Redeems a token once: returns the invitation's tenant and email, or no row when the token is
-- unknown, already redeemed, replaced, expired, or its user is no longer a super user of the
-- tenant (one answer for all, so a caller learns nothing about other tokens).
CREATE FUNCTION redeem_invitation(token text) RETURNS TABLE (tenant text, email text)
  LANGUAGE sql VOLATILE STRICT SECURITY DEFINER AS $$
  UPDATE invitations i SET redeemed_at = clock_timestamp()
   WHERE i.token_hash = sha256(convert_to(token, 'UTF8'))
     AND i.redeemed_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > clock_timestamp()
     AND EXISTS (SELECT 1 FROM users u WHERE u.tenant = i.tenant AND u.email = i.email)
  RETURNING i.tenant, i.email
$$;
-- SECURITY DEFINER runs with the owner's rights: its search_path is pinned to the registry's own
-- schema (pg_catalog first, pg_temp last), so no object a caller creates can stand in for ours.
DO $$
BEGIN
  EXECUTE format('ALTER FUNCTION redeem_invitation(text) SET search_path = pg_catalog, %I, pg_temp', current_schema());
  EXECUTE format('GRANT USAGE ON SCHEMA %I TO tenantops_app', current_schema());
END
$$;
REVOKE ALL ON FUNCTION redeem_invitation(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION redeem_invitation(text) TO tenantops_app;
