//! The one list of rules. Config validation, `--select`, `weeklint rule`,
//! SARIF metadata and the docs all read it; nothing else enumerates rules.

use crate::rule::Rule;
use crate::rules::*;

/// Every rule, in documentation order.
pub static RULES: &[&dyn Rule] = &[
    // Dates
    &DateOrder,
    &DuplicateDate,
    &InvalidDate,
    &FutureDate,
    &DateFormat,
    // Headings
    &HeadingSpace,
    &HeadingIncrement,
    &EmptyHeading,
    &SingleTitle,
    &DuplicateHeading,
    // Images
    &DeadImage,
    &MalformedImgTag,
    &ImageOutsideRoot,
    &RemoteImage,
    &UnusedImage,
    // Links
    &DeadLink,
    // Checkboxes
    &CheckboxSyntax,
    &CheckboxStyle,
    // Changelogs
    &VersionOrder,
    &DuplicateVersion,
    &UnreleasedPosition,
    &ReleaseDate,
    &VersionLink,
    &ChangeType,
    // Suppression comments
    &UnknownRule,
];

/// The rule named `name`.
pub fn find(name: &str) -> Option<&'static dyn Rule> {
    RULES.iter().copied().find(|r| r.meta().name == name)
}

/// Position of the rule named `name` in [`RULES`].
pub fn index_of(name: &str) -> Option<usize> {
    RULES.iter().position(|r| r.meta().name == name)
}

/// Every rule name, in documentation order.
pub fn names() -> impl Iterator<Item = &'static str> {
    RULES.iter().map(|r| r.meta().name)
}
