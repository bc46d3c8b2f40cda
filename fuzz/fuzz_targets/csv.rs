//! Any bytes as the CSV of a batch: the table check (`check_csv`), then the
//! rows typed by each built-in template's schema (`csv_rows`), and each row
//! that types filled into its template and resolved as a document (no render:
//! the `template` and `document` targets draw). Must never panic.
#![no_main]

use std::io::Cursor;

use libfuzzer_sys::fuzz_target;
use vanban::batch;
use vanban::profile::Profiles;
use vanban::templates::Store;

/// Rows resolved per template and input: enough for the typing of every
/// column, few enough to keep executions fast.
const MAX_ROWS: usize = 8;

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
                let _ = t.render_document(&value, Profiles::builtin());
            }
        }
        // A table that passed the check has as many rows as it counted.
        if let Ok(n) = checked {
            assert_eq!(n, count, "check_csv counted {n} rows, csv_rows gave {count}");
        }
    }
});
