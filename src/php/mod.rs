//! The PHP-facing layer: ext-php-rs classes (one a file), argument
//! conversion, callbacks, and the engine hooks a `#[php_class]` cannot express.

pub mod callbacks;
pub mod client;
pub mod coerce;
pub mod constants;
pub mod exception;
pub mod interrupts;
pub mod message;
pub mod properties;
pub mod settings;

mod handlers;
pub use handlers::{on_module_startup, on_request_start};
