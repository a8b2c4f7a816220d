/// The database layout. `application_id` marks a file as an mcip database; `user_version`
/// is the schema version, checked on open so an older mcip never writes into a newer layout.
///
/// Samples are appended in generation order, and every index grows at its end (`seq`, and
/// `(category, seed, idx)` in the order samples are made), so a batch dirties few pages. The
/// dedup index (content hashes and LSH band keys) is a narrow table of its own, read whole at
/// the start of a run. Server definitions (attacked samples bring their own) are appended
/// too: only the index on their hashes is in random order, and its entries are small, where a
/// table keyed by the hash rewrote most of its pages in every batch.
enum Schema {
    static let applicationID: Int32 = 0x4D43_4950  // "MCIP"
    static let version = 2

    static let create = """
        CREATE TABLE runs(
            id INTEGER PRIMARY KEY,
            seed INTEGER NOT NULL,
            per_class INTEGER NOT NULL,
            options TEXT NOT NULL,
            generator TEXT NOT NULL,
            taxonomy_version TEXT NOT NULL,
            inputs_hash TEXT NOT NULL,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            status TEXT NOT NULL,
            generated INTEGER NOT NULL DEFAULT 0,
            stored INTEGER NOT NULL DEFAULT 0,
            duplicates INTEGER NOT NULL DEFAULT 0,
            near_duplicates INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE samples(
            seq INTEGER PRIMARY KEY,
            id TEXT NOT NULL,
            run_id INTEGER NOT NULL REFERENCES runs(id),
            seed INTEGER NOT NULL,
            category TEXT NOT NULL,
            idx INTEGER NOT NULL,
            group_id TEXT NOT NULL,
            template TEXT NOT NULL,
            task TEXT NOT NULL,
            hard_negative TEXT,
            cause TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            verdict TEXT NOT NULL,
            record BLOB NOT NULL,
            events INTEGER NOT NULL,
            calls INTEGER NOT NULL,
            servers INTEGER NOT NULL,
            server_names TEXT NOT NULL
        );
        CREATE UNIQUE INDEX samples_order ON samples(category, seed, idx);
        CREATE TABLE fingerprints(
            seq INTEGER PRIMARY KEY REFERENCES samples(seq),
            category TEXT NOT NULL,
            content_hash BLOB NOT NULL,
            bands BLOB NOT NULL,
            shingles BLOB NOT NULL
        );
        CREATE TABLE duplicates(
            id TEXT PRIMARY KEY,
            run_id INTEGER NOT NULL REFERENCES runs(id),
            seed INTEGER NOT NULL,
            category TEXT NOT NULL,
            idx INTEGER NOT NULL,
            template TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            kept_id TEXT NOT NULL
        );
        CREATE INDEX duplicates_order ON duplicates(category, seed, idx);
        CREATE TABLE near_duplicates(
            id TEXT PRIMARY KEY,
            run_id INTEGER NOT NULL REFERENCES runs(id),
            seed INTEGER NOT NULL,
            category TEXT NOT NULL,
            idx INTEGER NOT NULL,
            template TEXT NOT NULL,
            kept_id TEXT NOT NULL,
            similarity REAL NOT NULL
        );
        CREATE INDEX near_duplicates_order ON near_duplicates(category, seed, idx);
        CREATE TABLE server_defs(
            hash TEXT NOT NULL UNIQUE,
            json TEXT NOT NULL
        );
        CREATE TABLE meta(
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        """
}
