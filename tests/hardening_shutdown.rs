//! The real `vanban serve` process and SIGTERM: a half-sent request cannot
//! hold the server, the grace period bounds the shutdown, running batches get
//! to finish (new ones are refused with 503) or are logged as abandoned, and
//! the log written to a file carries no colour codes.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use vanban::templates::Store;

/// A `vanban serve` child on a free loopback port, its stderr collected.
struct Server {
    child: Child,
    addr: String,
    log: Arc<Mutex<String>>,
}

impl Server {
    fn start(args: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_vanban"))
            .args(["serve", "--addr", "127.0.0.1:0"])
            .args(args)
            .env("RUST_LOG", "info")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = child.stderr.take().unwrap();
        let log = Arc::new(Mutex::new(String::new()));
        let (addr_tx, addr_rx) = mpsc::channel();
        let sink = log.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if line.contains("vanban serving")
                    && let Some(addr) = line.split_whitespace().find_map(|w| w.strip_prefix("addr="))
                {
                    let _ = addr_tx.send(addr.to_string());
                }
                let mut log = sink.lock().unwrap();
                log.push_str(&line);
                log.push('\n');
            }
        });
        let addr = addr_rx.recv_timeout(Duration::from_secs(60)).expect("the server says where it listens");
        Server { child, addr, log }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    fn term(&self) {
        let status = Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status().unwrap();
        assert!(status.success());
    }

    /// Waits at most `bound` for the process to exit; how long it took.
    fn exits_within(&mut self, bound: Duration) -> Duration {
        let started = Instant::now();
        while started.elapsed() < bound {
            if self.child.try_wait().unwrap().is_some() {
                return started.elapsed();
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
        panic!("the server was still running {bound:?} after SIGTERM; log:\n{}", self.log());
    }

    fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if self.child.try_wait().ok().flatten().is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// One whole request on its own connection: the server has accepted every
/// connection made before it once this answers (accept takes them in order).
fn complete_request(addr: &str) -> String {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    s.write_all(b"GET /v1/schema HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").unwrap();
    let mut answer = String::new();
    s.read_to_string(&mut answer).unwrap();
    answer
}

#[test]
fn half_sent_headers_do_not_hold_the_server_after_sigterm() {
    let mut server = Server::start(&["--header-timeout", "2", "--shutdown-grace", "60"]);
    let mut partial = TcpStream::connect(&server.addr).unwrap();
    partial.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n").unwrap();
    assert!(complete_request(&server.addr).starts_with("HTTP/1.1 200"));
    server.term();
    // The header timeout (2 s) closes the half-sent request, far within the grace.
    let took = server.exits_within(Duration::from_secs(20));
    assert!(took < Duration::from_secs(10), "{took:?}");
    drop(partial);
}

#[test]
fn the_grace_period_bounds_a_shutdown_held_by_a_half_sent_body() {
    let mut server = Server::start(&["--header-timeout", "120", "--body-timeout", "120", "--shutdown-grace", "2"]);
    let mut partial = TcpStream::connect(&server.addr).unwrap();
    partial
        .write_all(b"POST /v1/render HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"kind\": ")
        .unwrap();
    assert!(complete_request(&server.addr).starts_with("HTTP/1.1 200"));
    server.term();
    let took = server.exits_within(Duration::from_secs(20));
    assert!(took < Duration::from_secs(8), "bounded by the 2 s grace: {took:?}");
    let log = server.log();
    assert!(log.contains("grace period over"), "{log}");
    // Written to a pipe, the log has no ANSI colour codes.
    assert!(!log.contains('\u{1b}'), "{log:?}");
    drop(partial);
}

#[test]
fn a_stalled_body_is_answered_408() {
    let server = Server::start(&["--body-timeout", "1"]);
    let mut s = TcpStream::connect(&server.addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    s.write_all(b"POST /v1/validate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"kind\"").unwrap();
    let mut answer = Vec::new();
    let _ = s.read_to_end(&mut answer);
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.to_ascii_lowercase().contains("content-type: application/problem+json"), "{answer}");
    assert!(answer.contains("\"code\":\"body-timeout\""), "{answer}");
}

fn batch_of(rows: usize) -> Value {
    let t = Store::builtin().get("to-trinh-sua-doi-quy-che").unwrap();
    json!({"template": t.meta.id, "rows": vec![t.example.clone(); rows], "formats": ["pdf"]})
}

#[tokio::test]
async fn sigterm_lets_a_running_batch_finish_and_refuses_new_ones() {
    let mut server = Server::start(&["--workers", "1", "--shutdown-grace", "120"]);
    let c = reqwest::Client::new();
    let res = c.post(server.url("/v1/batches")).json(&batch_of(60)).send().await.unwrap();
    assert_eq!(res.status(), 202);
    let location = res.headers()["location"].to_str().unwrap().to_string();
    let id = location.rsplit('/').next().unwrap().to_string();
    let before: Value = c.get(server.url(&location)).send().await.unwrap().json().await.unwrap();
    assert_ne!(before["state"], "done", "60 PDFs on one thread take longer than this: the test needs a running job");
    server.term();

    // Refused while stopping, with a reason and a time to come back; polled
    // until the stop has been noticed (a submission before it is accepted).
    let mut refused = None;
    for _ in 0..200 {
        let res = c.post(server.url("/v1/batches")).json(&batch_of(1)).send().await.unwrap();
        if res.status() == 503 {
            refused = Some(res);
            break;
        }
        // Before the signal is noticed: accepted (and deleted again, so that
        // the server need not wait for its result), or refused for the number of jobs.
        assert!(res.status() == 202 || res.status() == 429, "{}", res.status());
        if res.status() == 202 {
            let extra = res.headers()["location"].to_str().unwrap().to_string();
            assert_eq!(c.delete(server.url(&extra)).send().await.unwrap().status(), 204);
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let refused = refused.expect("new batches are refused after SIGTERM");
    assert_eq!(refused.headers()["content-type"], "application/problem+json");
    assert!(refused.headers().contains_key("retry-after"));
    let body: Value = refused.json().await.unwrap();
    assert_eq!(body["code"], "shutting-down");

    // The first job runs to its end, its status still served.
    let mut last = Value::Null;
    for _ in 0..2400 {
        last = c.get(server.url(&location)).send().await.unwrap().json().await.unwrap();
        if last["state"] == "done" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(last["state"], "done", "{last}");
    assert_eq!(last["done"], 60);
    // The server waits for the result to be collected.
    let res = c.get(server.url(&format!("{location}/result"))).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let zip = res.bytes().await.unwrap();
    assert_eq!(zip::ZipArchive::new(std::io::Cursor::new(zip.to_vec())).unwrap().len(), 62, "60 PDFs and the two error files");
    let took = server.exits_within(Duration::from_secs(60));
    assert!(took < Duration::from_secs(30), "{took:?}");
    let log = server.log();
    let line = log.lines().find(|l| l.contains(&id) && l.contains("finished")).unwrap_or_else(|| panic!("{log}"));
    assert!(line.contains("rows=60") && line.contains("collected=true"), "{line}");
}

#[tokio::test]
async fn a_batch_still_running_when_the_grace_ends_is_logged_as_abandoned() {
    let mut server = Server::start(&["--workers", "1", "--shutdown-grace", "2", "--body-limit", "100000000"]);
    let c = reqwest::Client::new();
    let res = c.post(server.url("/v1/batches")).json(&batch_of(2000)).send().await.unwrap();
    assert_eq!(res.status(), 202);
    let id = res.headers()["location"].to_str().unwrap().rsplit('/').next().unwrap().to_string();
    server.term();
    let took = server.exits_within(Duration::from_secs(30));
    assert!(took < Duration::from_secs(10), "{took:?}");
    let log = server.log();
    let line = log.lines().find(|l| l.contains(&id) && l.contains("abandoned at")).unwrap_or_else(|| panic!("{log}"));
    assert!(line.contains("of 2000 rows"), "{line}");
}
