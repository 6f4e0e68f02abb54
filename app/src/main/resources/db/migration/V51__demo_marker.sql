-- ./entente up --demo loads the sample community once per home: this row says it was loaded.
create table demo_load (
    singleton boolean     primary key default true check (singleton),
    loaded_at timestamptz not null default now()
);
