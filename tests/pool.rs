//! The render pool: jobs run off the async workers, a full queue refuses, a
//! deadline answers.

use std::time::Duration;

use vanban::server::pool::{Pool, PoolError};

#[tokio::test]
async fn runs_jobs_and_refuses_when_full() {
    let pool = std::sync::Arc::new(Pool::new(1, 1).unwrap());
    assert_eq!(pool.run(Duration::from_secs(5), || 2 + 2).await, Ok(4));
    // One job blocks the worker, one waits in the queue, the third is refused.
    let (release, wait) = std::sync::mpsc::channel::<()>();
    let p = pool.clone();
    let busy = tokio::spawn(async move { p.run(Duration::from_secs(5), move || wait.recv().is_ok()).await });
    tokio::time::sleep(Duration::from_millis(50)).await;
    let p = pool.clone();
    let queued = tokio::spawn(async move { p.run(Duration::from_secs(5), || 1).await });
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert_eq!(pool.run(Duration::from_secs(5), || 0).await, Err(PoolError::Full));
    release.send(()).unwrap();
    assert_eq!(busy.await.unwrap(), Ok(true));
    assert_eq!(queued.await.unwrap(), Ok(1));
}

#[tokio::test]
async fn a_slow_job_times_out() {
    let pool = Pool::new(1, 4).unwrap();
    let got = pool.run(Duration::from_millis(50), || std::thread::sleep(Duration::from_millis(300))).await;
    assert_eq!(got, Err(PoolError::Timeout));
}

#[tokio::test]
async fn a_panicking_job_fails_alone_and_its_thread_goes_on() {
    // One thread: a panic that killed it would leave nothing to run the next jobs.
    let pool = Pool::new(1, 4).unwrap();
    for _ in 0..3 {
        let got = pool.run(Duration::from_secs(5), || -> u32 { panic!("kiểm thử") }).await;
        assert_eq!(got, Err(PoolError::Panicked("kiểm thử".into())));
        assert_eq!(pool.run(Duration::from_secs(5), || 7).await, Ok(7));
    }
    let owned = pool.run(Duration::from_secs(5), || -> u32 { panic!("{} hàng", 3) }).await;
    assert_eq!(owned, Err(PoolError::Panicked("3 hàng".into())));
}
