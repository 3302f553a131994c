mod ordered {
    use super::super::keep_longest_ordered;

    fn flagged(values: &[i64]) -> Vec<usize> {
        keep_longest_ordered(values)
            .iter()
            .enumerate()
            .filter(|(_, k)| !**k)
            .map(|(i, _)| i)
            .collect()
    }

    #[test]
    fn ordered_input_flags_nothing() {
        assert!(flagged(&[9, 7, 7, 3, 1]).is_empty());
        assert!(flagged(&[]).is_empty());
    }

    #[test]
    fn one_moved_entry_flags_the_later_of_equal_choices() {
        // 18 14 13 22 10: dropping 22 or 10 both leave four in order;
        // among equal choices the later one is flagged.
        assert_eq!(flagged(&[18, 14, 13, 5, 10, 4]), vec![4]);
        assert_eq!(flagged(&[5, 3, 4]), vec![2]);
    }

    #[test]
    fn fewest_flagged() {
        // Keeping 9 8 7 6 beats keeping 1 then anything.
        assert_eq!(flagged(&[1, 9, 8, 7, 6]), vec![0]);
        // Fully reversed: all but one must go; the first is kept.
        assert_eq!(flagged(&[1, 2, 3, 4]), vec![1, 2, 3]);
    }

    #[test]
    fn matches_brute_force_on_small_inputs() {
        // Every sequence of length 6 over 3 values.
        for code in 0..3usize.pow(6) {
            let values: Vec<i64> = (0..6)
                .map(|k| ((code / 3usize.pow(k)) % 3) as i64)
                .collect();
            let keep = keep_longest_ordered(&values);
            let best = brute_force(&values);
            let kept: Vec<usize> = (0..6).filter(|&i| keep[i]).collect();
            assert_eq!(kept, best, "{values:?}");
        }
    }

    /// Lexicographically smallest longest non-increasing index sequence.
    fn brute_force(values: &[i64]) -> Vec<usize> {
        let n = values.len();
        let mut best: Vec<usize> = Vec::new();
        for mask in 0..(1u32 << n) {
            let idx: Vec<usize> = (0..n).filter(|&i| mask & (1 << i) != 0).collect();
            if idx.windows(2).all(|w| values[w[0]] >= values[w[1]])
                && (idx.len() > best.len() || (idx.len() == best.len() && idx < best))
            {
                best = idx;
            }
        }
        best
    }
}

mod rule_tests {
    use crate::test_util::{messages, positions, positions_with};

    const RULE: &str = "date-order";

    #[test]
    fn newest_first_log_in_order_is_clean() {
        assert!(positions("# Log\n## 2023.6.18\n## 2023.6.10\n## 2023.5.22\n", RULE).is_empty());
    }

    #[test]
    fn moved_entry_is_flagged_with_its_neighbour() {
        let text = "# Log\n## 2023.6.18\n## 2023.5.22\n## 2023.6.10\n## 2023.5.20\n";
        assert_eq!(positions(text, RULE), [(4, 4)]);
        assert_eq!(
            messages(text, RULE),
            ["date 2023.6.10 is newer than the entry above it (2023.5.22)"]
        );
    }

    #[test]
    fn first_entry_out_of_place_conflicts_with_the_one_below() {
        // Keeping 2023.6.18 … would flag three; flagging the first is fewer.
        let text = "## 2020.1.1\n## 2023.6.18\n## 2023.6.10\n## 2023.5.22\n";
        assert_eq!(
            messages(text, RULE),
            ["date 2020.1.1 is older than the entry below it (2023.6.18)"]
        );
    }

    #[test]
    fn oldest_first_logs_are_recognised() {
        let text = "## 2023.1.1\n## 2023.1.2\n## 2023.1.5\n## 2023.1.3\n## 2023.1.9\n";
        assert_eq!(
            messages(text, RULE),
            ["date 2023.1.3 is older than the entry above it (2023.1.5)"]
        );
        assert_eq!(
            positions_with(text, RULE, "[dates]\norder = \"newest-first\"").len(),
            3
        );
    }

    /// The messages of the diagnostics of `text`, and the first help note
    /// of each (the direction and what decided it).
    fn direction_help(text: &str) -> (Vec<String>, Vec<String>) {
        let (_, d) = crate::test_util::lint_with(text, RULE, "");
        let help = d.iter().map(|d| d.help[0].clone()).collect();
        (d.into_iter().map(|d| d.message).collect(), help)
    }

    #[test]
    fn the_help_says_which_way_most_pairs_run() {
        let text = "## 2023.1.1\n## 2023.1.2\n## 2023.1.5\n## 2023.1.3\n## 2023.1.9\n";
        assert_eq!(
            direction_help(text).1,
            ["most entries here are oldest first (3 of 4 pairs)"]
        );
        let text = "## 2023.1.9\n## 2023.1.5\n## 2023.1.6\n## 2023.1.1\n";
        assert_eq!(
            direction_help(text).1,
            ["most entries here are newest first (2 of 3 pairs)"]
        );
        assert_eq!(
            crate::test_util::lint_with(text, RULE, "[dates]\norder = \"oldest-first\"").1[0].help
                [0],
            "dated sections run oldest first (dates.order = \"oldest-first\")"
        );
    }

    #[test]
    fn a_tie_goes_the_way_from_the_first_entry_to_the_last() {
        // One pair each way; 2023.6.10 is older than 2023.6.15.
        let text = "## 2023.6.10\n## 2023.6.18\n## 2023.6.15\n";
        assert_eq!(
            direction_help(text),
            (
                vec!["date 2023.6.15 is older than the entry above it (2023.6.18)".to_string()],
                vec![
                    "entries here are split evenly; the first (2023.6.10) is older than the \
                     last (2023.6.15), so oldest first"
                        .to_string()
                ]
            )
        );
        let text = "## 2023.1.5\n## 2023.1.1\n## 2023.1.3\n";
        assert_eq!(
            direction_help(text).1,
            [
                "entries here are split evenly; the first (2023.1.5) is newer than the last \
                 (2023.1.3), so newest first"
            ]
        );
    }

    #[test]
    fn a_tie_of_first_and_last_too_goes_to_newest_first() {
        // June 2023 compares as its first day: the same date as 2023.6.1.
        let text = "## 2023-06\n## 2023.5.1\n## 2023.6.1\n";
        assert_eq!(
            direction_help(text),
            (
                vec!["date 2023.6.1 is newer than the entry above it (2023.5.1)".to_string()],
                vec![
                    "entries here are split evenly; the first (2023-06) and the last \
                     (2023.6.1) are the same date, so newest first, the default"
                        .to_string()
                ]
            )
        );
    }

    #[test]
    fn with_several_sibling_groups_a_tie_goes_the_way_most_groups_run_from_first_to_last() {
        // Two pairs each way; A and C run from older to newer, B the other way.
        let text = "# A\n## 2023.1.1\n## 2023.1.9\n## 2023.1.5\n# B\n## 2023.5.1\n## 2023.1.1\n\
                    # C\n## 2023.2.1\n## 2023.2.3\n";
        let (messages, help) = direction_help(text);
        assert_eq!(
            messages,
            [
                "date 2023.1.5 is older than the entry above it (2023.1.9)",
                "date 2023.1.1 is older than the entry above it (2023.5.1)",
            ]
        );
        assert_eq!(
            help[0],
            "entries here are split evenly; in 2 of 3 sibling groups the first is older than \
             the last, so oldest first"
        );
        // A runs from older to newer, B the other way: newest first.
        let text = "# A\n## 2023.1.1\n## 2023.1.9\n# B\n## 2023.5.1\n## 2023.1.1\n";
        assert_eq!(
            direction_help(text).1,
            [
                "entries here are split evenly, and so are the first and last entries of their \
                 sibling groups, so newest first, the default"
            ]
        );
    }

    #[test]
    fn tie_goes_to_newest_first() {
        // One pair each way.
        let text = "## 2023.1.5\n## 2023.1.1\n## 2023.1.3\n";
        assert_eq!(
            messages(text, RULE),
            ["date 2023.1.3 is newer than the entry above it (2023.1.1)"]
        );
    }

    #[test]
    fn equal_dates_count_as_ordered() {
        assert!(positions("## 2023.1.5\n## 2023.1.5\n## 2023.1.1\n", RULE).is_empty());
    }

    #[test]
    fn only_siblings_are_compared() {
        // Each year's months are in order; the years are siblings too.
        let text = "# 2023.1.1 year\n## 2023.12.1\n## 2023.6.1\n# 2022.1.1 year\n## 2022.12.1\n## 2022.11.1\n";
        assert!(positions(text, RULE).is_empty());
        let text = "# A\n## 2023.1.1\n## 2023.1.9\n# B\n## 2023.5.1\n## 2023.1.1\n";
        // Group A runs oldest first, group B newest first: a tie → newest-first.
        assert_eq!(positions(text, RULE), [(3, 4)]);
    }

    #[test]
    fn nested_sibling_groups_are_separate() {
        let text = "## 2023.6.18\n### 2023.6.17\n### 2023.6.18\n## 2023.6.10\n### 2023.6.9\n";
        // Under 2023.6.18: 6.17 then 6.18 is one oldest-first pair, but the
        // file as a whole runs newest first.
        assert_eq!(positions(text, RULE), [(3, 5)]);
    }

    #[test]
    fn headings_in_code_comments_and_quotes_are_ignored() {
        let text = "## 2023.6.18\n```\n## 2024.1.1\n```\n<!--\n## 2024.1.1\n-->\n    ## 2024.1.1\n\n> ## 2024.1.1\n\n## 2023.6.10\n";
        assert!(positions(text, RULE).is_empty());
    }

    #[test]
    fn setext_and_cjk_dates() {
        let text = "2023年6月18日\n---\n\n## 2023年6月19日 周一\n\n## 2023年6月1日\n";
        assert_eq!(
            messages(text, RULE),
            ["date 2023年6月19日 is newer than the entry above it (2023年6月18日)"]
        );
    }

    #[test]
    fn heading_level_setting_limits_dated_headings() {
        let text = "# 2023.1.1\n## 2023.1.1\n## 2023.5.1\n# 2024.1.1\n";
        assert_eq!(
            positions_with(text, RULE, "[dates]\nheading-level = 1").len(),
            0
        );
        assert_eq!(
            positions_with(
                text,
                RULE,
                "[dates]\nheading-level = 2\norder = \"newest-first\""
            )
            .len(),
            1
        );
    }

    #[test]
    fn a_suppressed_heading_is_left_out_of_the_comparison() {
        // Not compared with 2023.6.9, which the author put there on purpose.
        let text = "## 2023.6.1\n<!-- weeklint-disable-next-line date-order -->\n## 2023.6.9\n\
                    ## 2023.6.8\n## 2023.6.2\n";
        assert_eq!(
            messages(text, RULE),
            ["date 2023.6.1 is older than the entry below it (2023.6.8)"]
        );
    }

    #[test]
    fn every_form_is_compared() {
        let text =
            "# Notes\n## June 18, 2020\n## 18 June 2020 call\n## July 15, 2020\n## 2020年6月1日\n";
        assert_eq!(
            messages(text, RULE),
            ["date July 15, 2020 is newer than the entry above it (18 June 2020)"]
        );
    }

    #[test]
    fn year_less_dates_are_compared_in_the_year_of_their_parent() {
        let text =
            "# 2019\n## December 19\n## July 15\n## December 5\n## November 20\n## March 8\n";
        assert_eq!(
            messages(text, RULE),
            ["date July 15 is older than the entry below it (December 5)"]
        );
    }

    #[test]
    fn different_precisions_compare_by_the_start_of_their_period() {
        let text = "# Log\n## 2023-W25\n## 2023-06-18\n## 2023-06\n## 2022\n";
        assert!(positions(text, RULE).is_empty());
        let text = "# Log\n## 2023-06\n## 2023-06-18\n";
        assert_eq!(
            positions_with(text, RULE, "[dates]\norder = \"newest-first\"").len(),
            1
        );
    }

    #[test]
    fn a_day_beside_the_year_that_holds_it_gets_advice_and_no_fix() {
        let text = "# 2021\n\n## January 20th\n\n# January 14th APAC Biweekly Meeting\n\n\
                    ## January 13th\n\n## January 6th\n";
        let (_, d) = crate::test_util::lint_in(
            crate::fs::MemoryFs::new(),
            "/nonexistent-root",
            "2021-meeting-notes.md",
            text,
            RULE,
            "",
        );
        assert_eq!(d.len(), 1);
        assert_eq!(
            d[0].help[1],
            "`2021` holds January 14th: if it belongs under it, make it a level-2 heading"
        );
        assert!(d[0].fix.is_none());
    }

    #[test]
    fn changelog_releases_are_compared_within_their_line() {
        // 1.51.4 came out after 1.52.0: a backport, in order. 1.24.0 was
        // typed with last year's date.
        let text = "# 1.52.4 (July 16th, 2026)\n# 1.52.0 (April 14th, 2026)\n\
                    # 1.51.4 (July 16th, 2026)\n# 1.51.0 (April 3rd, 2026)\n\
                    # 1.24.0 (January 5, 2022)\n# 1.23.0 (December 5, 2022)\n\
                    # 1.22.0 (November 17, 2022)\n";
        let (_, d) = crate::test_util::lint_changelog(text, RULE, "");
        let messages: Vec<&str> = d.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            ["date January 5, 2022 is older than the entry below it (December 5, 2022)"]
        );
        assert!(d[0].fix.is_none());
        // The same headings in a journal: all compared, and moved.
        assert_eq!(positions(text, RULE).len(), 2);
    }

    #[test]
    fn invalid_dates_are_skipped() {
        assert!(positions("## 2023.6.18\n## 2023.2.30\n## 2023.6.10\n", RULE).is_empty());
    }
}

mod fix_tests {
    use crate::test_util::{fixed, fixed_with, lint_with};

    const RULE: &str = "date-order";
    const NEWEST: &str = "[dates]\norder = \"newest-first\"";

    #[test]
    fn sections_move_whole_and_other_sections_keep_their_place() {
        let text = "# Log\n\n## 2023.6.10\n\nten\n\n## notes\n\nkept\n\n## 2023.6.18\n\n### sub\n\neighteen\n";
        assert_eq!(
            fixed_with(text, RULE, NEWEST),
            "# Log\n\n## 2023.6.18\n\n### sub\n\neighteen\n\n## notes\n\nkept\n\n## 2023.6.10\n\nten\n"
        );
    }

    #[test]
    fn a_last_section_without_final_newline_gets_a_separator_in_the_middle() {
        // One pair each way, and the first is older than the last: oldest
        // first, so 2023.6.2 moves up.
        let text = "## 2023.6.1\none\n\n## 2023.6.3\nthree\n\n## 2023.6.2\ntwo";
        assert_eq!(
            fixed(text, RULE),
            "## 2023.6.1\none\n\n## 2023.6.2\ntwo\n\n## 2023.6.3\nthree"
        );
    }

    #[test]
    fn crlf_and_hard_breaks_are_kept() {
        let text = "## 2023.6.1\r\none  \r\n\r\n## 2023.6.3\r\nthree\r\n";
        assert_eq!(
            fixed_with(text, RULE, NEWEST),
            "## 2023.6.3\r\nthree\r\n\r\n## 2023.6.1\r\none  \r\n"
        );
    }

    #[test]
    fn a_bare_carriage_return_stays_one() {
        // Found by fuzzing: a bare `\r` before a heading ends the section, and
        // was moved along with the section's text.
        let text = "## 2023.6.1\none\r## 2023.6.3\nthree\n";
        assert_eq!(
            fixed_with(text, RULE, NEWEST),
            "## 2023.6.3\nthree\r## 2023.6.1\none\n"
        );
    }

    #[test]
    fn a_heading_whose_diagnostic_is_suppressed_keeps_its_place() {
        let text = "## 2023.6.3\n\n<!-- weeklint-disable-next-line date-order -->\n## 2023.6.9\n\n\
                    ## 2023.6.2\n\n## 2023.6.5\n\n## 2023.6.1\n";
        assert_eq!(
            fixed_with(text, RULE, NEWEST),
            "## 2023.6.5\n\n<!-- weeklint-disable-next-line date-order -->\n## 2023.6.9\n\n\
             ## 2023.6.3\n\n## 2023.6.2\n\n## 2023.6.1\n"
        );
    }

    #[test]
    fn a_comment_right_above_a_heading_moves_with_it() {
        let text = "## 2023.6.1\n\none\n<!-- weeklint-disable-next-line date-format -->\n\
                    <!-- from the train -->\n## 2023-06-03\n\nthree\n";
        assert_eq!(
            fixed_with(text, RULE, NEWEST),
            "<!-- weeklint-disable-next-line date-format -->\n<!-- from the train -->\n\
             ## 2023-06-03\n\nthree\n## 2023.6.1\n\none\n"
        );
    }

    #[test]
    fn a_moved_section_takes_its_blank_line_along_and_gets_one_at_its_new_place() {
        // One blank line between sections, with and without a final
        // newline: 2023.6.15 leaves its place with the blank line after it
        // and comes in with one after it.
        for end in ["\n", ""] {
            let text = format!(
                "# Log\n\n## 2023.6.18\n\na\n\n## 2023.6.10\n\nb\n\n## 2023.6.15\n\nc\n\n## 2023.6.1\n\nd{end}"
            );
            assert_eq!(
                fixed_with(&text, RULE, NEWEST),
                format!(
                    "# Log\n\n## 2023.6.18\n\na\n\n## 2023.6.15\n\nc\n\n## 2023.6.10\n\nb\n\n## 2023.6.1\n\nd{end}"
                )
            );
        }
    }

    #[test]
    fn sections_that_do_not_move_keep_the_blank_lines_between_them() {
        // Two blank lines between 2023.6.10 and 2023.6.5 stay there; the
        // moved 2023.6.18 gets the file's one blank line, not those two.
        let text = "# Log\n\n## 2023.6.10\n\na\n\n\n## 2023.6.5\n\nb\n\n## 2023.6.18\n\nc\n\n## 2023.6.2\n\nd\n";
        assert_eq!(
            fixed_with(text, RULE, NEWEST),
            "# Log\n\n## 2023.6.18\n\nc\n\n## 2023.6.10\n\na\n\n\n## 2023.6.5\n\nb\n\n## 2023.6.2\n\nd\n"
        );
        // Moved down from before two blank lines: they stay after 2023.6.10.
        let text = "# Log\n\n## 2023.6.18\n\na\n\n## 2023.6.10\n\nb\n\n\n## 2023.6.15\n\nc\n\n## 2023.6.1\n\nd\n";
        assert_eq!(
            fixed_with(text, RULE, NEWEST),
            "# Log\n\n## 2023.6.18\n\na\n\n## 2023.6.15\n\nc\n\n## 2023.6.10\n\nb\n\n\n## 2023.6.1\n\nd\n"
        );
    }

    #[test]
    fn a_file_that_separates_sections_by_two_blank_lines_keeps_doing_so() {
        let text =
            "## 2023.6.18\na\n\n\n## 2023.6.10\nb\n\n\n## 2023.6.15\nc\n\n\n## 2023.6.1\nd\n";
        assert_eq!(
            fixed_with(text, RULE, NEWEST),
            "## 2023.6.18\na\n\n\n## 2023.6.15\nc\n\n\n## 2023.6.10\nb\n\n\n## 2023.6.1\nd\n"
        );
        // Mostly two: the moved section gets two, the odd single one stays.
        let text = "## 2023.6.1\na\n\n\n## 2023.6.10\nb\n\n\n## 2023.6.8\nc\n\n## 2023.6.5\nd\n\n\n## 2023.6.4\ne\n";
        assert_eq!(
            fixed_with(text, RULE, NEWEST),
            "## 2023.6.10\nb\n\n\n## 2023.6.8\nc\n\n## 2023.6.5\nd\n\n\n## 2023.6.4\ne\n\n\n## 2023.6.1\na\n"
        );
    }

    #[test]
    fn a_section_that_ended_the_file_moves_up_and_the_end_stays() {
        // With a final newline, without one, and after two blank lines.
        for (text, want) in [
            (
                "## 2023.6.18\na\n\n## 2023.6.10\nb\n\n## 2023.6.1\nd\n\n## 2023.6.15\nc\n",
                "## 2023.6.18\na\n\n## 2023.6.15\nc\n\n## 2023.6.10\nb\n\n## 2023.6.1\nd\n",
            ),
            (
                "## 2023.6.18\na\n\n## 2023.6.10\nb\n\n## 2023.6.1\nd\n\n## 2023.6.15\nc",
                "## 2023.6.18\na\n\n## 2023.6.15\nc\n\n## 2023.6.10\nb\n\n## 2023.6.1\nd",
            ),
            (
                "## 2023.6.18\na\n\n## 2023.6.10\nb\n\n## 2023.6.1\nd\n\n\n## 2023.6.15\nc\n\n",
                "## 2023.6.18\na\n\n## 2023.6.15\nc\n\n## 2023.6.10\nb\n\n## 2023.6.1\nd\n\n",
            ),
        ] {
            assert_eq!(fixed_with(text, RULE, NEWEST), want, "{text:?}");
        }
        // And the first section, moved to the end, leaves with the blank
        // lines after it and comes in after one.
        let text = "## 2023.6.1\na\n\n\n## 2023.6.18\nb\n\n## 2023.6.10\nc\n\n## 2023.6.5\nd";
        assert_eq!(
            fixed_with(text, RULE, NEWEST),
            "## 2023.6.18\nb\n\n## 2023.6.10\nc\n\n## 2023.6.5\nd\n\n## 2023.6.1\na"
        );
    }

    #[test]
    fn crlf_files_get_crlf_separators() {
        let text = "# Log\r\n\r\n## 2023.6.10\r\n\r\na\r\n\r\n\r\n## 2023.6.5\r\n\r\nb\r\n\r\n\
                    ## 2023.6.18\r\n\r\nc\r\n\r\n## 2023.6.2\r\n\r\nd";
        assert_eq!(
            fixed_with(text, RULE, NEWEST),
            "# Log\r\n\r\n## 2023.6.18\r\n\r\nc\r\n\r\n## 2023.6.10\r\n\r\na\r\n\r\n\r\n\
             ## 2023.6.5\r\n\r\nb\r\n\r\n## 2023.6.2\r\n\r\nd"
        );
    }

    #[test]
    fn a_move_leaves_the_rest_as_it_was() {
        // Every way of taking one section of an ordered journal (sections
        // of different lengths, one or two blank lines apart, with or
        // without a final newline) and putting it elsewhere: the fix puts
        // it back, and the text without that section (and the blank lines
        // on one side of it) is the same before and after.
        let sections = [
            "## 2023.6.9\na",
            "## 2023.6.7\nb\n\nbb",
            "## 2023.6.5\nc",
            "## 2023.6.3\nd\nd",
            "## 2023.6.1\ne",
        ];
        let gaps = [
            ["\n\n", "\n\n", "\n\n", "\n\n"],
            ["\n\n\n", "\n\n", "\n\n", "\n\n"],
            ["\n\n", "\n\n", "\n\n\n", "\n\n"],
            ["\n\n", "\n\n\n", "\n\n", "\n\n\n"],
        ];
        // `order` as text, with the blank lines of `gaps` between sections;
        // without section `skip`, and the blank lines after it (before it
        // when it is last).
        let join = |order: &[usize], gaps: &[&str], end: &str, skip: Option<usize>| {
            let mut out = String::from("# Log\n\n");
            let kept: Vec<usize> = (0..order.len())
                .filter(|&p| Some(order[p]) != skip)
                .collect();
            for (k, &p) in kept.iter().enumerate() {
                out.push_str(sections[order[p]]);
                if k + 1 < kept.len() {
                    out.push_str(gaps[p]);
                }
            }
            out.push_str(end);
            out
        };
        for gaps in gaps {
            for end in ["\n", ""] {
                for from in 0..5 {
                    for to in 0..5 {
                        if from == to {
                            continue;
                        }
                        let mut order: Vec<usize> = (0..5).filter(|&s| s != from).collect();
                        order.insert(to, from);
                        let text = join(&order, &gaps, end, None);
                        let fixed = fixed_with(&text, RULE, NEWEST);
                        let sorted: Vec<usize> = (0..5).collect();
                        // Flagged, and so moved back: the one that was
                        // moved, or (moved by one) its neighbour.
                        let moved = (0..5)
                            .find(|&s| {
                                let mut rest: Vec<usize> =
                                    order.iter().copied().filter(|&t| t != s).collect();
                                rest.sort_unstable();
                                rest == order
                                    .iter()
                                    .copied()
                                    .filter(|&t| t != s)
                                    .collect::<Vec<_>>()
                            })
                            .unwrap();
                        let mut fixed_gaps: Vec<&str> = Vec::new();
                        for w in sorted.windows(2) {
                            let (a, b) = (sections[w[0]], sections[w[1]]);
                            let at = fixed.find(a).unwrap() + a.len();
                            let to = fixed.find(b).unwrap();
                            fixed_gaps.push(&fixed[at..to]);
                        }
                        assert_eq!(
                            join(&sorted, &fixed_gaps, end, Some(moved)),
                            join(&order, &gaps, end, Some(moved)),
                            "{text:?} fixed as {fixed:?}"
                        );
                        assert!(fixed.starts_with("# Log\n\n## 2023.6.9\n"), "{fixed:?}");
                        assert!(
                            fixed.ends_with(&format!("## 2023.6.1\ne{end}")),
                            "{fixed:?}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn setext_headings_under_text_get_no_fix() {
        // Moved under `three`, `2023.6.1` would join that paragraph.
        let text = "2023.6.1\n--------\n### sub\n2023.6.3\n--------\nthree\n";
        let (_, d) = lint_with(text, RULE, NEWEST);
        assert_eq!(d.len(), 1);
        assert!(d[0].fix.is_none());
        let spaced = "2023.6.1\n--------\none\n\n2023.6.3\n--------\nthree\n";
        assert_eq!(
            fixed_with(spaced, RULE, NEWEST),
            "2023.6.3\n--------\nthree\n\n2023.6.1\n--------\none\n"
        );
    }
}

/// Fixing settles in one run: the fix loop stops with nothing left to do,
/// and fixing its result changes nothing.
mod convergence {
    use std::path::Path;

    use crate::config::{Config, Settings};
    use crate::fix::{FixMode, MAX_PASSES, fix_source};
    use crate::source::Source;
    use crate::test_util::{env, fixed_with, lint_with};

    const RULE: &str = "date-order";
    const NEWEST: &str = "[dates]\norder = \"newest-first\"";

    /// `text` fixed with the default rules (`--fix`, then `--fix
    /// --unsafe-fixes`), checking that each run settles at once; the
    /// result of the safe run.
    fn fixed_in_one_run(text: &str, config: &str) -> String {
        let settings: Settings = Config::parse(config)
            .expect("bad test config")
            .settings_for("journal.md");
        let path = Path::new("journal.md");
        let mut results = Vec::new();
        for mode in [FixMode::Safe, FixMode::Unsafe] {
            let once = fix_source(
                &Source::new(text.to_string()),
                path,
                &settings,
                &env(),
                mode,
            )
            .unwrap_or_else(|e| panic!("{mode:?}: {e}\n{text}"));
            assert!(
                once.unsettled.is_empty() && once.passes < MAX_PASSES,
                "{mode:?}: stopped after {} passes with fixes of {:?} left",
                once.passes,
                once.unsettled
            );
            assert!(
                !once
                    .diagnostics
                    .iter()
                    .any(|d| d.rule == RULE && d.fix.is_some()),
                "{mode:?}: a date-order fix is left"
            );
            let twice = fix_source(&once.source, path, &settings, &env(), mode)
                .unwrap_or_else(|e| panic!("{mode:?}, second run: {e}"));
            assert_eq!(
                twice.source.text(),
                once.source.text(),
                "{mode:?}: a second run changed the text"
            );
            assert_eq!(twice.applied_count(), 0);
            results.push(once.source.into_text());
        }
        results.swap_remove(0)
    }

    #[test]
    fn journals_with_suppressed_regions_and_glued_headings_settle_in_one_run() {
        // Found on generated journals: sections moved with the
        // `weeklint-disable`/`weeklint-enable` comments inside them, so each
        // pass suppressed other headings, turned `auto` round, and moved
        // them again; `##2022.3.21` becomes a heading on the way.
        for text in [
            include_str!("../../../tests/fixtures/converge/suppression-regions.md"),
            include_str!("../../../tests/fixtures/converge/suppression-regions-nested.md"),
        ] {
            fixed_in_one_run(text, "");
        }
    }

    #[test]
    fn with_auto_every_order_settles_in_one_run_around_suppressed_headings() {
        // Every order of five entries (distinct days, and days from three
        // with repeats), with up to two of them suppressed (kept in place,
        // counted for `auto`): a fix never turns the direction round,
        // whether most pairs decide it or, on a tie, the first and last
        // entries.
        let mut orders: Vec<Vec<u32>> = vec![Vec::new()];
        for _ in 0..5 {
            orders = orders
                .into_iter()
                .flat_map(|o| {
                    (1..=5).map(move |d| {
                        let mut o = o.clone();
                        o.push(d);
                        o
                    })
                })
                .collect();
        }
        orders.retain(|o| {
            let mut sorted = o.clone();
            sorted.sort_unstable();
            sorted.dedup();
            sorted.len() == 5 || o.iter().all(|&d| d <= 3)
        });
        let mut suppressions: Vec<Vec<usize>> = vec![vec![]];
        for a in 0..5 {
            suppressions.push(vec![a]);
            suppressions.extend((a + 1..5).map(|b| vec![a, b]));
        }
        for order in &orders {
            for suppressed in &suppressions {
                let mut text = String::from("# Log\n\n");
                for (p, day) in order.iter().enumerate() {
                    if suppressed.contains(&p) {
                        text.push_str("<!-- weeklint-disable-next-line date-order -->\n");
                    }
                    text.push_str(&format!("## 2023.6.{day}\n\n"));
                }
                fixed_in_one_run(&text, "");
            }
        }
    }

    #[test]
    fn a_fix_that_would_turn_auto_round_is_not_offered() {
        // Suppressed headings count for `auto` but do not move: moving
        // 2023.6.1 above 2023.6.3 would leave as many pairs newest first
        // as oldest first, and the next pass would move it back.
        let text = include_str!("../../../tests/fixtures/converge/suppressed-neighbours.md");
        let (_, d) = lint_with(text, RULE, "");
        assert_eq!(d.len(), 1);
        assert!(d[0].fix.is_none());
        assert_eq!(fixed_in_one_run(text, ""), text);
    }

    #[test]
    fn nothing_moves_across_a_suppression_comment() {
        // 2017.9.20 is suppressed by the region around it: 2017.9.10 would
        // have to cross the region, whose comments stay where they are.
        let text = "# 2017\n\n## 2017.9.1\n\n<!-- weeklint-disable date-order -->\n\n\
                    ## 2017.9.20\n\n<!-- weeklint-enable date-order -->\n\n## 2017.9.10\n";
        let (_, d) = lint_with(text, RULE, NEWEST);
        assert_eq!(d.len(), 1);
        assert!(d[0].fix.is_none());
        assert_eq!(fixed_in_one_run(text, NEWEST), text);
        // With `auto`, one pair each way and the first older than the last:
        // oldest first, which 2017.9.1 and 2017.9.10 already are.
        let (_, d) = lint_with(text, RULE, "");
        assert!(d.is_empty());
        assert_eq!(fixed_in_one_run(text, ""), text);
    }

    #[test]
    fn sections_are_sorted_between_suppression_comments_which_stay() {
        let text = "## 2023.6.3\n\n## 2023.6.5\n\n<!-- weeklint-disable heading-space -->\n\n\
                    ## 2023.6.1\n\n## 2023.6.2\n\n<!-- weeklint-enable heading-space -->\n";
        let want = "## 2023.6.5\n\n## 2023.6.3\n\n<!-- weeklint-disable heading-space -->\n\n\
                    ## 2023.6.2\n\n## 2023.6.1\n\n<!-- weeklint-enable heading-space -->\n";
        assert_eq!(fixed_with(text, RULE, NEWEST), want);
        assert_eq!(fixed_in_one_run(text, NEWEST), want);
    }

    #[test]
    fn a_region_comment_right_above_a_heading_stays() {
        // Moved with 2023.6.1, the `enable` would end up below 2023.6.3 and
        // suppress it.
        let text = "<!-- weeklint-disable date-order -->\n## 2023.6.9\n\
                    <!-- weeklint-enable date-order -->\n## 2023.6.1\n\n## 2023.6.3\n";
        let want = "<!-- weeklint-disable date-order -->\n## 2023.6.9\n\
                    <!-- weeklint-enable date-order -->\n## 2023.6.3\n\n## 2023.6.1\n";
        assert_eq!(fixed_with(text, RULE, NEWEST), want);
        assert_eq!(fixed_in_one_run(text, NEWEST), want);
    }

    #[test]
    fn a_heading_that_cannot_be_moved_into_place_gets_no_fix() {
        // 2023.6.4 would have to cross the region: it keeps its place, and
        // its diagnostic has no fix; 2023.6.2 is moved.
        let text = "## 2023.6.3\n\n## 2023.6.1\n\n## 2023.6.2\n\n<!-- weeklint-disable heading-space -->\n\n\
                    ## 2023.6.4\n\n<!-- weeklint-enable heading-space -->\n";
        let (_, d) = lint_with(text, RULE, NEWEST);
        let fixable: Vec<(bool, &str)> = d
            .iter()
            .map(|d| (d.fix.is_some(), d.message.as_str()))
            .collect();
        assert_eq!(
            fixable,
            [
                (
                    true,
                    "date 2023.6.2 is newer than the entry above it (2023.6.1)"
                ),
                (
                    false,
                    "date 2023.6.4 is newer than the entry above it (2023.6.1)"
                ),
            ]
        );
        assert_eq!(
            fixed_in_one_run(text, NEWEST),
            "## 2023.6.3\n\n## 2023.6.2\n\n## 2023.6.1\n\n<!-- weeklint-disable heading-space -->\n\n\
             ## 2023.6.4\n\n<!-- weeklint-enable heading-space -->\n"
        );
    }

    #[test]
    fn a_section_ending_in_a_comment_line_is_not_put_right_above_a_heading() {
        // Below `three` with no blank line, the comment would suppress the
        // next heading.
        let text = "## 2023.6.2\ntwo\n<!-- weeklint-disable-next-line date-order -->\n\n\
                    ## 2023.6.3\nthree\n## 2023.6.1\none\n";
        let (_, d) = lint_with(text, RULE, NEWEST);
        assert_eq!(d.len(), 1);
        assert!(d[0].fix.is_none());
        // So does a comment at the end of a line, or in a quote.
        for last in [
            "two <!-- weeklint-disable-next-line heading-space -->",
            "> <!-- quoted -->",
        ] {
            let text = format!("## 2023.6.2\n{last}\n\n## 2023.6.3\nthree\n## 2023.6.1\none\n");
            let (_, d) = lint_with(&text, RULE, NEWEST);
            assert!(d[0].fix.is_none(), "{text}");
        }
        // With a blank line after every section it moves.
        let spaced =
            "## 2023.6.2\ntwo\n<!-- a note -->\n\n## 2023.6.3\nthree\n\n## 2023.6.1\none\n";
        assert_eq!(
            fixed_in_one_run(spaced, NEWEST),
            "## 2023.6.3\nthree\n\n## 2023.6.2\ntwo\n<!-- a note -->\n\n## 2023.6.1\none\n"
        );
    }

    #[test]
    fn a_suppression_comment_that_goes_on_a_paragraph_stays_with_it() {
        // The tab-indented comment continues the paragraph `a`: it is not a
        // line of its own to leave between sections, so 2023.6.2 keeps its
        // place, and the region still starts there.
        let text = "## 2023.6.1\n\n## 2023.6.3\n\n## 2023.6.2\n\na\n\t<!-- weeklint-disable date-order -->\n\n\
                    # notes\n";
        assert_eq!(
            fixed_in_one_run(text, NEWEST),
            "## 2023.6.3\n\n## 2023.6.1\n\n## 2023.6.2\n\na\n\t<!-- weeklint-disable date-order -->\n\n\
             # notes\n"
        );
    }

    #[test]
    fn a_section_ending_in_an_html_block_is_not_put_right_above_a_heading() {
        // `<div>` runs on to the next blank line: a heading right below it
        // would be shown as HTML text.
        let text = "## 2023.6.2\n\n<div>\ntwo\n</div>\n\n## 2023.6.3\nthree\n## 2023.6.1\none\n";
        let (_, d) = lint_with(text, RULE, NEWEST);
        assert_eq!(d.len(), 1);
        assert!(d[0].fix.is_none());
    }

    #[test]
    fn a_section_ending_in_an_unclosed_code_block_keeps_its_place() {
        // Moved up, the open fence would take in the sections below it.
        let text = "## 2023.6.1\n\none\n\n## 2023.6.3\n\n```\nnot closed\n";
        let (_, d) = lint_with(text, RULE, NEWEST);
        assert_eq!(d.len(), 1);
        assert!(d[0].fix.is_none());
        let closed = "## 2023.6.1\n\none\n\n## 2023.6.3\n\n```\nclosed\n```\n";
        assert_eq!(
            fixed_in_one_run(closed, NEWEST),
            "## 2023.6.3\n\n```\nclosed\n```\n\n## 2023.6.1\n\none\n"
        );
    }
}
