use super::*;

/// The files under `paths` with `config` at `root` for all of them.
fn discover_all(paths: &[PathBuf], config: Config, root: &Path) -> (Vec<PathBuf>, Vec<Problem>) {
    let project = Project::new(root, root.to_path_buf(), config, None);
    let configs = Configs::fixed(root.to_path_buf(), project);
    let (files, walked) = discover(paths, &configs, false, &weeklint_env::WorkTree::new());
    assert!(walked.missing.is_empty(), "{:?}", walked.missing);
    (files, walked.problems)
}

#[cfg(unix)]
#[test]
fn each_file_is_listed_once_under_one_name() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    for f in ["a.md", "sub/b.md", "outside/c.md"] {
        let path = root.join(f);
        std::fs::create_dir_all(path.parent().unwrap_or(root)).unwrap();
        std::fs::write(&path, "# x\n").unwrap();
    }
    let link = |target: &str, name: &str| {
        std::os::unix::fs::symlink(root.join(target), root.join(name)).unwrap();
    };
    // A link to a file linted anyway, and two links to one other file.
    link("a.md", "to-a.md");
    link("outside/c.md", "to-c.md");
    link("outside/c.md", "to-c-again.md");
    let mut config = Config::default();
    config.exclude = vec!["outside/**".to_string()];
    let (found, problems) = discover_all(
        &[root.to_path_buf(), root.join("a.md"), root.join("sub")],
        config,
        root,
    );
    assert!(problems.is_empty(), "{problems:?}");
    let names: Vec<&Path> = found
        .iter()
        .map(|p| p.strip_prefix(root).unwrap())
        .collect();
    // The first link by name to the outside file, once.
    let want: [&Path; 3] = [
        "a.md".as_ref(),
        "sub/b.md".as_ref(),
        "to-c-again.md".as_ref(),
    ];
    assert_eq!(names, want);
}

#[test]
fn a_folder_named_like_markdown_is_walked_into_not_read() {
    // Found by a sweep: `x.md/` was reported as an unreadable file.
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    std::fs::create_dir_all(root.join("notes.md/inner")).unwrap();
    std::fs::write(root.join("notes.md/inner/a.md"), "# a\n").unwrap();
    let (files, problems) = discover_all(&[root.to_path_buf()], Config::default(), root);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(files, [root.join("notes.md/inner/a.md")]);
}

#[test]
fn normalize_paths() {
    assert_eq!(normalize(Path::new("./a/./b.md")), PathBuf::from("a/b.md"));
    assert_eq!(normalize(Path::new("a/../b.md")), PathBuf::from("b.md"));
    assert_eq!(normalize(Path::new("../b.md")), PathBuf::from("../b.md"));
    assert_eq!(
        normalize(Path::new("../../b.md")),
        PathBuf::from("../../b.md")
    );
    assert_eq!(
        normalize(Path::new("a/../../b.md")),
        PathBuf::from("../b.md")
    );
    assert_eq!(normalize(Path::new(".")), PathBuf::from("."));
    assert_eq!(normalize(Path::new("/x/../y")), PathBuf::from("/y"));
}

#[test]
fn extension_patterns_rule_out_names_like_the_globs() {
    let config = Config::default();
    let m = Matcher::new(&config, Path::new("/r"), Path::new("/r"));
    for name in ["a.md", "README.MD", "x.Markdown", "notes.v2.md", ".md"] {
        assert!(!m.rules_out_name(name.as_ref()), "{name}");
        assert!(m.is_included(name), "{name}");
    }
    for name in ["a.png", "md", "a.mdx", "a.md.bak", "amd"] {
        assert!(m.rules_out_name(name.as_ref()), "{name}");
        assert!(!m.is_included(name), "{name}");
    }
    // Other patterns need the whole path: nothing is ruled out by name.
    let mut config = Config::default();
    config.include = vec!["journal/**/*.md".into()];
    let m = Matcher::new(&config, Path::new("/r"), Path::new("/r"));
    assert!(!m.rules_out_name("a.png".as_ref()));
}

#[test]
fn exclude_like_gitignore() {
    let mut config = Config::default();
    config.exclude = vec![
        "node_modules/**".into(),
        "drafts".into(),
        "archive/*.md".into(),
    ];
    let m = Matcher::new(&config, Path::new("/r"), Path::new("/r"));
    assert!(m.is_excluded("node_modules/a/b.md"));
    assert!(m.is_excluded("drafts/x.md"));
    assert!(m.is_excluded("notes/drafts/x.md"));
    assert!(m.is_excluded("archive/x.md"));
    assert!(!m.is_excluded("archive/deep/x.md"));
    assert!(!m.is_excluded("notes/x.md"));
    assert!(m.is_excluded_dir("node_modules"));
    assert!(m.is_excluded_dir("a/drafts"));
}

#[test]
fn include_is_case_insensitive() {
    let m = Matcher::new(&Config::default(), Path::new("/r"), Path::new("/r"));
    assert!(m.is_included("README.MD"));
    assert!(m.is_included("a/b/notes.Markdown"));
    assert!(!m.is_included("a/b/notes.txt"));
}
