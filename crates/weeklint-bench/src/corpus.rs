//! Journals shaped like a real weekly paper-reading log: dated sections,
//! a pending list with good and malformed checkboxes, HTML and Markdown
//! images into `pic/` (most exist, some do not), CJK and English prose,
//! code fences, links to other entries, other journals and their
//! sections (with `--links`) — and the mistakes such logs collect.

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::Path;

use crate::Rng;

const EN: &[&str] = &[
    "The core idea is to learn transferable visual features from natural language supervision.",
    "Training used 2000 iterations on one V100 GPU, about a day.",
    "Limitations: results depend on the background, and the abstraction level must be set by hand.",
    "Compared with VGG, the residual network is eight times deeper yet cheaper to evaluate.",
    "Skip connections ease optimisation; bottleneck layers keep the cost down.",
    "Zero-shot accuracy on ImageNet matches a supervised ResNet-50.",
    "See the appendix for the ablation on prompt templates and ensembling.",
    "The loss combines a semantic term with a geometric term taken from early layers.",
];
const ZH: &[&str] = &[
    "本文核心要解决的问题：图像到简笔画，兼顾几何和语义性。",
    "利用自然语言的监督信号，学习迁移性很好的视觉模型。",
    "模型架构：预训练阶段训练两个编码器，推理时构建文本提示。",
    "评估结果：在三十个数据集上取得非常好的效果，很炸裂的结果。",
    "不足之处是只讲了调参后工程上的做法，却没有很多理论解释。",
    "后续继续看下衍生出来的一些工作，尤其是与图神经网络的对比。",
];
const PAPERS: &[&str] = &[
    "CLIP: Learning Transferable Visual Models From Natural Language Supervision",
    "ResNet: Deep Residual Learning for Image Recognition",
    "Very deep convolutional networks for large-scale image recognition",
    "Semi-supervised classification with graph convolutional networks",
    "Predict then propagate: Graph neural networks meet personalized pagerank",
    "Long short-term memory",
    "Attention Is All You Need",
    "BLIP: Bootstrapping Language-Image Pre-training",
];

/// What to generate.
#[derive(Debug, Clone)]
pub struct CorpusSpec {
    /// Number of Markdown files.
    pub files: usize,
    /// Files per folder (each folder has its own `pic/`).
    pub files_per_dir: usize,
    /// Dated sections per file, at most (at least 3).
    pub max_sections: usize,
    /// The seed: the same seed gives the same bytes.
    pub seed: u64,
    /// Links in all, ten per file in the first files; the rest of the
    /// corpus is the same bytes as without them.
    pub links: usize,
}

/// Links per linking file.
const LINKS_PER_FILE: usize = 10;

/// Numbers about what was written.
#[derive(Debug, Default, Clone, Copy)]
pub struct CorpusStats {
    /// Markdown files written.
    pub files: usize,
    /// Their total size in bytes.
    pub bytes: u64,
    /// Image files written.
    pub images: usize,
    /// Image references in the Markdown.
    pub image_refs: usize,
    /// Links in the Markdown.
    pub links: usize,
}

/// Write the corpus under `out`.
pub fn generate(out: &Path, spec: &CorpusSpec) -> io::Result<CorpusStats> {
    let mut rng = Rng::new(spec.seed);
    let mut stats = CorpusStats::default();
    let dirs = spec.files.div_ceil(spec.files_per_dir.max(1));
    for d in 0..dirs {
        let dir = out.join(format!("journal-{d:04}"));
        fs::create_dir_all(dir.join("pic"))?;
        let first = d * spec.files_per_dir;
        let last = (first + spec.files_per_dir).min(spec.files);
        for f in first..last {
            let name = file_name(first, f);
            // Links come from a generator of their own: the rest of the
            // corpus is the same bytes with or without them.
            let mut links = (f * LINKS_PER_FILE < spec.links).then(|| Links {
                rng: Rng::new(spec.seed ^ (f as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15)),
                left: LINKS_PER_FILE,
                first,
                last,
                dirs,
                anchors: vec!["pending-list".to_string()],
                dates: Vec::new(),
            });
            let text = journal(
                &mut rng,
                &dir,
                f,
                spec.max_sections,
                &mut stats,
                links.as_mut(),
            )?;
            stats.bytes += text.len() as u64;
            stats.files += 1;
            fs::write(dir.join(name), text)?;
        }
    }
    Ok(stats)
}

/// The name of file `f` of the folder whose first file is `first`.
fn file_name(first: usize, f: usize) -> String {
    if f == first {
        "README.md".to_string()
    } else {
        format!("week-{f:05}.md")
    }
}

/// What a linking file still has to link, and to what.
struct Links {
    rng: Rng,
    left: usize,
    /// The files of its folder: `first..last`.
    first: usize,
    last: usize,
    /// Folders in the corpus.
    dirs: usize,
    /// The anchors of its headings so far.
    anchors: Vec<String>,
    /// Their dates as written.
    dates: Vec<String>,
}

impl Links {
    /// One link, as journals write them: mostly to an earlier entry of
    /// the same file or to another entry of the folder, some to a
    /// section of another file or to another journal; a few are dead.
    fn one(&mut self, out: &mut String, stats: &mut CorpusStats) {
        self.left -= 1;
        stats.links += 1;
        let rng = &mut self.rng;
        let other = self.first + rng.below(self.last - self.first);
        let other = file_name(self.first, other);
        let _ = match rng.below(100) {
            0..=39 => {
                let anchor = rng.pick(&self.anchors);
                write!(out, "[an earlier entry](#{anchor})")
            }
            40..=64 => write!(out, "[another week]({other})"),
            65..=84 => write!(out, "[its pending list]({other}#pending-list)"),
            85..=94 => {
                let d = rng.below(self.dirs);
                write!(out, "[another journal](../journal-{d:04}/README.md)")
            }
            95..=96 => write!(out, "[a lost entry](week-99999.md)"),
            97..=98 => write!(out, "[a renamed section](#pending)"),
            // A heading's date as written, not as GitHub's anchor.
            _ => match self.dates.last() {
                Some(date) => write!(out, "[a dotted date](#{date})"),
                None => write!(out, "[the list](#pending-list)"),
            },
        };
    }

    /// A line of links after a section, if any are left.
    fn line(&mut self, out: &mut String, stats: &mut CorpusStats) {
        if self.left == 0 {
            return;
        }
        out.push_str("See ");
        self.one(out, stats);
        if self.left > 0 && self.rng.chance(50) {
            out.push_str(" and ");
            self.one(out, stats);
        }
        out.push_str(".\n\n");
    }
}

fn prose(rng: &mut Rng, out: &mut String) {
    let n = 1 + rng.below(4);
    for _ in 0..n {
        let s = if rng.chance(50) {
            rng.pick(ZH)
        } else {
            rng.pick(EN)
        };
        out.push_str(s);
        out.push(' ');
    }
    out.push_str("\n\n");
}

fn image(
    rng: &mut Rng,
    dir: &Path,
    file: usize,
    k: usize,
    out: &mut String,
    stats: &mut CorpusStats,
) -> io::Result<()> {
    let name = format!("pic/f{file}-{k}.png");
    // Most images exist; a few were never added.
    if !rng.rarely(3) {
        fs::write(dir.join(&name), b"\x89PNG\r\n\x1a\n")?;
        stats.images += 1;
    }
    stats.image_refs += 1;
    if rng.chance(70) {
        let _ = writeln!(out, "<img src=\"{name}\" width=\"400\" height=\"200\">\n");
    } else {
        let _ = writeln!(out, "![figure {k}]({name})\n");
    }
    Ok(())
}

fn journal(
    rng: &mut Rng,
    dir: &Path,
    file: usize,
    max_sections: usize,
    stats: &mut CorpusStats,
    mut links: Option<&mut Links>,
) -> io::Result<String> {
    let mut out = String::with_capacity(16 * 1024);
    let _ = writeln!(
        out,
        "# papers-weekly {file}\n\n每周论文学习记录\n\n## pending list\n"
    );
    for _ in 0..3 + rng.below(8) {
        let paper = rng.pick(PAPERS);
        let line = match rng.below(1000) {
            0..=4 => format!("- [] {paper}"),
            5..=9 => format!("-[ ] {paper}"),
            10..=14 => format!("- [x ] {paper}"),
            15..=299 => format!("- [x] {paper}"),
            _ => format!("- [ ] {paper}"),
        };
        out.push_str(&line);
        out.push('\n');
    }
    out.push('\n');
    let sections = 3 + rng.below(max_sections.max(3) - 2);
    // Newest first, a week or so apart; a few sections land out of order.
    // Between 2015 and 2023: journals record the past.
    let mut days: i64 = 16_800 + rng.below(2500) as i64;
    for s in 0..sections {
        let (y, m, d) = civil(days);
        let date = if rng.rarely(3) {
            format!("{y}-{m:02}-{d:02}")
        } else {
            format!("{y}.{m}.{d}")
        };
        let hashes = if rng.rarely(2) { "##" } else { "## " };
        let _ = writeln!(out, "{hashes}{date}\n");
        if let Some(links) = links.as_deref_mut() {
            links.line(&mut out, stats);
            if hashes == "## " {
                links.anchors.push(date.replace('.', ""));
                links.dates.push(date.clone());
            }
        }
        let _ = writeln!(out, "《{}》\n", rng.pick(PAPERS));
        prose(rng, &mut out);
        if rng.chance(60) {
            image(rng, dir, file, s, &mut out, stats)?;
        }
        if rng.chance(40) {
            out.push_str("核心idea：\n\n1. 第一点，");
            prose(rng, &mut out);
            out.push_str("2. second point\n3. third point\n\n");
        }
        if rng.chance(20) {
            out.push_str(
                "```python\nloss = semantic_loss(x) + geometric_loss(x)\n## not a heading\n```\n\n",
            );
        }
        if rng.chance(15) {
            out.push_str("    indented quote of the paper\n\n");
        }
        days -= 1 + rng.below(9) as i64;
        if rng.rarely(3) {
            days += 20;
        }
    }
    if let Some(links) = links {
        while links.left > 0 {
            links.line(&mut out, stats);
        }
    }
    Ok(out)
}

/// Days since 1970-01-01 to (year, month, day), proleptic Gregorian.
fn civil(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// The stress files: one per pathological shape, each about `mb` MB
/// (the nested-list file is bounded by its level count instead).
pub fn generate_stress(out: &Path, mb: usize) -> io::Result<Vec<(String, u64)>> {
    fs::create_dir_all(out.join("pic"))?;
    let target = mb * 1024 * 1024;
    let mut made = Vec::new();
    let mut put = |name: &str, text: String| -> io::Result<()> {
        made.push((name.to_string(), text.len() as u64));
        fs::write(out.join(name), text)
    };

    // One big journal.
    let mut rng = Rng::new(7);
    let mut big = String::with_capacity(target + 64 * 1024);
    // Dates stay in the past; when they reach 1950 a new volume starts,
    // a new sibling group under its own level-1 heading.
    let mut days = 0i64;
    let mut k = 0;
    let mut volume = 0;
    while big.len() < target {
        if days <= -7305 || k == 0 {
            volume += 1;
            days = 19_000;
            let _ = writeln!(big, "# Volume {volume}\n");
        }
        let (y, m, d) = civil(days);
        let _ = writeln!(big, "## {y}.{m}.{d}\n");
        prose(&mut rng, &mut big);
        days -= 1;
        k += 1;
        if k % 50 == 0 {
            big.push_str("- [ ] todo\n- [x] done\n\n");
        }
    }
    put("big-journal.md", big)?;

    // 20,000 dated sections.
    let mut many = String::new();
    for i in 0..20_000i64 {
        let (y, m, d) = civil(19_000 - i);
        let _ = writeln!(many, "## {y}.{m}.{d}\n\nnote {i}\n");
    }
    put("sections-20000.md", many)?;

    // 10,000 images in one folder, all referenced.
    let mut imgs = String::from("# figures\n\n");
    for i in 0..10_000 {
        fs::write(out.join(format!("pic/img{i}.png")), b"\x89PNG")?;
        let _ = writeln!(imgs, "<img src=\"pic/img{i}.png\" width=\"100\">\n");
    }
    put("images-10000.md", imgs)?;

    // 20,000 dated sections in shuffled order: the worst case for
    // date-order and its fix (the bench runs it with --diff).
    let mut rng = Rng::new(11);
    let mut order: Vec<i64> = (0..20_000).collect();
    for i in (1..order.len()).rev() {
        order.swap(i, rng.below(i + 1));
    }
    let mut shuffled = String::new();
    for i in order {
        let (y, m, d) = civil(19_000 - i);
        let _ = writeln!(shuffled, "## {y}.{m}.{d}\n\nnote {i}\n");
    }
    put("shuffled-20000.md", shuffled)?;

    // One line of 1 MB.
    let mut long = String::from("# long\n\n");
    while long.len() < 1024 * 1024 {
        long.push_str("word [link](https://example.com) `code` *em* ");
    }
    long.push('\n');
    put("long-line.md", long)?;

    // 10,000 nested list levels.
    let mut nested = String::new();
    for i in 0..10_000 {
        nested.push_str(&"  ".repeat(i));
        nested.push_str("- item\n");
    }
    put("nested-10000.md", nested)?;
    Ok(made)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates() {
        assert_eq!(civil(0), (1970, 1, 1));
        assert_eq!(civil(19_526), (2023, 6, 18));
        assert_eq!(civil(-1), (1969, 12, 31));
    }

    #[test]
    fn same_seed_same_bytes() {
        let a = tempfile_dir("a");
        let b = tempfile_dir("b");
        let spec = CorpusSpec {
            files: 7,
            files_per_dir: 3,
            max_sections: 10,
            seed: 42,
            links: 0,
        };
        let sa = generate(&a, &spec).unwrap_or_default();
        let sb = generate(&b, &spec).unwrap_or_default();
        assert_eq!(sa.files, 7);
        assert_eq!(sa.bytes, sb.bytes);
        let read = |p: &Path| fs::read(p.join("journal-0001/week-00004.md")).unwrap_or_default();
        assert!(!read(&a).is_empty());
        assert_eq!(read(&a), read(&b));
        let _ = fs::remove_dir_all(&a);
        let _ = fs::remove_dir_all(&b);
    }

    /// Links are added to the first files; every other byte is the same.
    #[test]
    fn links_only_add_lines() {
        let a = tempfile_dir("plain");
        let b = tempfile_dir("links");
        let mut spec = CorpusSpec {
            files: 6,
            files_per_dir: 3,
            max_sections: 10,
            seed: 42,
            links: 0,
        };
        generate(&a, &spec).unwrap_or_default();
        spec.links = 20;
        let stats = generate(&b, &spec).unwrap_or_default();
        assert_eq!(stats.links, 20);
        for file in [
            "journal-0000/README.md",
            "journal-0000/week-00001.md",
            "journal-0001/README.md",
        ] {
            let plain = fs::read_to_string(a.join(file)).unwrap_or_default();
            let linked = fs::read_to_string(b.join(file)).unwrap_or_default();
            let without: String = linked
                .split("\n\n")
                .filter(|p| !p.starts_with("See ["))
                .collect::<Vec<_>>()
                .join("\n\n");
            assert_eq!(without, plain, "{file}");
            assert_eq!(
                linked.contains("See ["),
                file != "journal-0001/README.md",
                "{file}"
            );
        }
        let _ = fs::remove_dir_all(&a);
        let _ = fs::remove_dir_all(&b);
    }

    fn tempfile_dir(tag: &str) -> std::path::PathBuf {
        let dir =
            std::env::temp_dir().join(format!("weeklint-corpus-test-{}-{tag}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        dir
    }
}
