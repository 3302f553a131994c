//! Task list items (`- [ ] x`) as the parser sees them, and text meant as
//! one that it does not (`-[ ] x`, `- [] x`), found by the line scan.

use std::ops::Range;

pub use super::scan::TaskBox;

/// A list item that GitHub renders with a checkbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskItem {
    /// The list marker: a bullet (`-`, `*`, `+`), or a number and its
    /// delimiter (`1.`, `2)`) in an ordered list.
    pub marker: Range<usize>,
    /// In an ordered list, where there is no bullet to check.
    pub ordered: bool,
    /// Its list: an index into [`Tasks::list_items`].
    pub list: usize,
    /// The box, `[ ]` or `[x]`.
    pub checkbox: Range<usize>,
    /// Whether the box is checked.
    pub checked: bool,
}

impl TaskItem {
    /// The mark inside the box (` `, `x` or `X`).
    pub fn mark(&self) -> Range<usize> {
        self.checkbox.start + 1
            ..self
                .checkbox
                .end
                .saturating_sub(1)
                .max(self.checkbox.start + 1)
    }
}

/// The task items of a document and the text meant as task items.
#[derive(Debug, Clone, Default)]
pub struct Tasks {
    /// Rendered task items, in document order.
    pub items: Vec<TaskItem>,
    /// Lines of text that look like a task item GitHub will not render as
    /// one, in document order.
    pub malformed: Vec<TaskBox>,
    /// How many items each list of the document has, task items or not,
    /// lists in document order.
    pub list_items: Vec<usize>,
}

impl Tasks {}
