//! Rendering many documents in one process keeps memory flat (typst's memo
//! cache is evicted after every compile). Prints the figures it measures.

mod common;

fn rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let kb: f64 = status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap();
    kb / 1024.0
}

#[test]
fn five_hundred_renders_stay_within_50_mb_of_the_tenth() {
    let base = common::sample("bao-cao-dong-nai");
    let doc = &base;
    let mut at_tenth = 0.0;
    let started = std::time::Instant::now();
    for i in 1..=500 {
        // A different number each time, so no compile is a pure cache hit.
        let mut doc = doc.clone();
        doc.header.number = Some(format!("Số {i}-BC/TU"));
        let pdf = vanban::render::pdf::render(&doc).unwrap();
        assert!(pdf.pages > 1);
        if i == 10 {
            at_tenth = rss_mb();
        }
    }
    let at_end = rss_mb();
    println!(
        "memory: RSS {at_tenth:.1} MB after 10 renders, {at_end:.1} MB after 500 (+{:.1} MB); {:.1} s in all",
        at_end - at_tenth,
        started.elapsed().as_secs_f64()
    );
    assert!(at_end - at_tenth <= 50.0, "memory grew by {:.1} MB", at_end - at_tenth);
}
