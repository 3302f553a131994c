//! One file per rule, named after it.

mod checkbox_style;
mod checkbox_syntax;
mod date_format;
mod date_order;
mod duplicate_date;
mod duplicate_heading;
mod empty_heading;
mod future_date;
mod heading_increment;
mod heading_space;
mod invalid_date;
mod single_title;
mod unknown_rule;

pub use checkbox_style::CheckboxStyle;
pub use checkbox_syntax::CheckboxSyntax;
pub use date_format::DateFormat;
pub use date_order::DateOrder;
pub use duplicate_date::DuplicateDate;
pub use duplicate_heading::DuplicateHeading;
pub use empty_heading::EmptyHeading;
pub use future_date::FutureDate;
pub use heading_increment::HeadingIncrement;
pub use heading_space::HeadingSpace;
pub use invalid_date::InvalidDate;
pub use single_title::SingleTitle;
pub use unknown_rule::UnknownRule;
