//! One file per rule, named after it.

mod change_type;
mod checkbox_style;
mod checkbox_syntax;
mod date_format;
mod date_order;
mod dead_image;
mod dead_link;
mod duplicate_date;
mod duplicate_heading;
mod duplicate_version;
mod empty_heading;
mod future_date;
mod heading_increment;
mod heading_space;
mod image_outside_root;
mod invalid_date;
mod local_files;
mod malformed_img_tag;
mod release_date;
mod remote_image;
mod section_end;
mod single_title;
mod unknown_rule;
mod unreleased_position;
mod unused_image;
mod version_link;
mod version_order;

pub use change_type::ChangeType;
pub use checkbox_style::CheckboxStyle;
pub use checkbox_syntax::CheckboxSyntax;
pub use date_format::DateFormat;
pub(crate) use date_format::expected_form as expected_date_form;
pub use date_order::DateOrder;
pub use dead_image::DeadImage;
pub use dead_link::DeadLink;
pub use duplicate_date::DuplicateDate;
pub use duplicate_heading::DuplicateHeading;
pub use duplicate_version::DuplicateVersion;
pub use empty_heading::EmptyHeading;
pub use future_date::FutureDate;
pub use heading_increment::HeadingIncrement;
pub use heading_space::HeadingSpace;
pub use image_outside_root::ImageOutsideRoot;
pub use invalid_date::InvalidDate;
pub use malformed_img_tag::MalformedImgTag;
pub use release_date::ReleaseDate;
pub use remote_image::RemoteImage;
pub use single_title::SingleTitle;
pub use unknown_rule::UnknownRule;
pub use unreleased_position::UnreleasedPosition;
pub use unused_image::UnusedImage;
pub use version_link::VersionLink;
pub use version_order::VersionOrder;

/// At most `max` characters of `s`, with `…` when cut: for help texts
/// that quote a line.
pub(crate) fn shorten(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}
