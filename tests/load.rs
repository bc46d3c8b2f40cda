//! A bounded load test on loopback: 200 concurrent renders of the báo cáo.
//! Every request ends in 200 or 429, the server survives, memory stays bounded;
//! prints the latency figures it measured.

mod common;

use std::time::{Duration, Instant};

use vanban::profile::Profiles;
use vanban::server::{self, AppState, Settings};
use vanban::templates::Store;

fn rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let kb: f64 = status.lines().find(|l| l.starts_with("VmRSS:")).and_then(|l| l.split_whitespace().nth(1)).and_then(|v| v.parse().ok()).unwrap();
    kb / 1024.0
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_hundred_concurrent_renders_end_in_200_or_429() {
    let settings = Settings::default(); // one render thread per core, 8 queued per core
    let state = AppState::new(settings.clone(), Profiles::builtin().clone(), Store::builtin().clone()).unwrap();
    let (addr, _stop, _handle) = server::spawn(state).await.unwrap();
    let url = format!("http://{addr}/v1/render?format=pdf");
    let body = std::fs::read_to_string(common::root().join("samples/bao-cao-dong-nai.json")).unwrap();
    let client = reqwest::Client::builder().pool_max_idle_per_host(256).build().unwrap();

    // Warm up fonts and the typst cache, then measure memory from here.
    let warm = client.post(&url).header("content-type", "application/json").body(body.clone()).send().await.unwrap();
    assert!(warm.status().is_success());
    let before = rss_mb();

    let started = Instant::now();
    let tasks: Vec<_> = (0..200)
        .map(|_| {
            let (client, url, body) = (client.clone(), url.clone(), body.clone());
            tokio::spawn(async move {
                let t = Instant::now();
                let res = client.post(url).header("content-type", "application/json").body(body).send().await.unwrap();
                let status = res.status().as_u16();
                let bytes = res.bytes().await.unwrap();
                (status, t.elapsed(), bytes.len())
            })
        })
        .collect();
    let mut ok = Vec::new();
    let mut refused = 0;
    for task in tasks {
        let (status, took, len) = tokio::time::timeout(Duration::from_secs(120), task).await.expect("bounded in time").unwrap();
        match status {
            200 => {
                assert!(len > 10_000);
                ok.push(took);
            }
            429 => refused += 1,
            other => panic!("unexpected status {other}"),
        }
    }
    let wall = started.elapsed();
    let after = rss_mb();
    ok.sort();
    assert!(!ok.is_empty());
    println!(
        "load: 200 concurrent POST /v1/render (workers {}, queue {}): {} × 200, {} × 429 in {:.2} s; \
         200s p50 {} ms, p99 {} ms; RSS {:.0} MB → {:.0} MB",
        settings.workers,
        settings.queue,
        ok.len(),
        refused,
        wall.as_secs_f64(),
        percentile(&ok, 0.5).as_millis(),
        percentile(&ok, 0.99).as_millis(),
        before,
        after
    );
    assert!(after - before < 200.0, "memory grew by {:.0} MB", after - before);
    // The server survived: it still answers.
    let health = client.get(format!("http://{addr}/healthz")).send().await.unwrap();
    assert_eq!(health.status(), 200);
}
