//! Any bytes as the CSV of a batch: the table check (`check_csv`), then the
//! rows typed by each built-in template's schema (`csv_rows`), and the first
//! rows that type filled into their template (`fill`: the data checked
//! against the schema, the skeleton rendered). Resolving and drawing the
//! document is the `template` target's (a few ms a row here would make this
//! target a hundred times slower). Must never panic.
#![no_main]

use std::io::Cursor;

use libfuzzer_sys::fuzz_target;
use vanban::batch;
use vanban::templates::Store;

/// Rows filled per template and input: enough for the typing of every
/// column, few enough to keep executions fast.
const MAX_ROWS: usize = 4;

fuzz_target!(|data: &[u8]| {
    let checked = batch::check_csv(Cursor::new(data));
    for t in Store::builtin().list() {
        let Ok(rows) = batch::csv_rows(Cursor::new(data.to_vec()), t.schema.clone()) else { continue };
        let mut count = 0;
        for row in rows {
            count += 1;
            if count <= MAX_ROWS
                && let Ok(value) = row.data
            {
                let _ = t.fill(&value);
            }
        }
        // A table that passed the check has as many rows as it counted.
        if let Ok(n) = checked {
            assert_eq!(n, count, "check_csv counted {n} rows, csv_rows gave {count}");
        }
    }
});
