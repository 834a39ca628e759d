-- The exchange partner registry: each partner CIRT, where it listens, the key it must present,
-- and what its agreement lets it receive (services/exchange/partner.hpp validates every field
-- before it gets here; the CHECKs keep the table honest against anything else that writes).
CREATE TABLE exchange.partners (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text NOT NULL UNIQUE CHECK (name <> ''),
  -- ISO 3166-1 alpha-2.
  country text NOT NULL CHECK (country ~ '^[A-Z]{2}$'),
  -- host:port or [v6]:port of the partner's exchange listener.
  endpoint text NOT NULL CHECK (endpoint <> ''),
  -- base64 SHA-256 of the partner certificate's SubjectPublicKeyInfo. UNIQUE: a key identifies
  -- exactly one partner, which is how an inbound connection is attributed.
  spki_sha256 text NOT NULL UNIQUE CHECK (spki_sha256 ~ '^[A-Za-z0-9+/]{43}=$'),
  agreement text NOT NULL CHECK (agreement <> ''),
  -- TLP:RED is absent on purpose: it never leaves the instance.
  allowed_tlps text[] NOT NULL
    CHECK (allowed_tlps <@ ARRAY['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT']::text[]),
  -- Normalised incident categories, or '*' for any.
  allowed_categories text[] NOT NULL,
  personal_data_allowed boolean NOT NULL DEFAULT false,
  original_document_allowed boolean NOT NULL DEFAULT false,
  enabled boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
