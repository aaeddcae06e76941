mod cli;
mod config;
mod progress;
mod props;
mod schema;
mod segment;
mod snapshot;
mod support;
