//! vanban assembles official documents of the Communist Party of Vietnam with the
//! correct thể thức, as DOCX and PDF, from one validated document model.

pub mod date;
pub mod fonts;
pub mod linebreak;
pub mod model;
pub mod plan;
pub mod problem;
pub mod profile;
pub mod templates;
pub mod text;
pub mod validate;
pub mod render;
pub mod server;
pub mod batch;
pub mod bundle;
pub mod cli;
pub mod compare;
pub mod copy;
pub mod examples;
pub mod import;
