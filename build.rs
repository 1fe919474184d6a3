//! Builds the IPADIC dictionary from the committed source tarball into
//! OUT_DIR, so that `morph` can embed it with no download at build time.
//!
//! Lindera's own `embed-ipadic` feature downloads its source, which fails
//! offline and for anyone who vendors crates; the 2007 release ships inside
//! the `lindera-ipadic` 0.27.0 crate and is committed under `dict/`.

use std::error::Error;
use std::fs::{self, File};
use std::path::{Path, PathBuf};

use flate2::read::GzDecoder;
use lindera_dictionary::builder::DictionaryBuilder;
use lindera_dictionary::dictionary::metadata::Metadata;

const TARBALL: &str = "dict/mecab-ipadic-2.7.0-20070801.tar.gz";
const SOURCE_DIR: &str = "mecab-ipadic-2.7.0-20070801";
const METADATA: &str = "dict/ipadic-metadata.json";
/// The field's own terms (IPADIC lacks or mis-splits them), a Lindera user
/// dictionary in the full 13-column IPADIC CSV format.
const TERMS: &str = "dict/terms.csv";
/// Subdirectory of OUT_DIR that `embedded_dictionary!` reads.
const OUTPUT_DIR: &str = "ipadic";

fn main() -> Result<(), Box<dyn Error>> {
    let out_dir = PathBuf::from(std::env::var("OUT_DIR")?);
    embed_rules(&out_dir)?;
    build_dictionary(&out_dir)?;
    build_terms(&out_dir)
}

/// Builds the domain-term user dictionary into OUT_DIR/terms.bin.
fn build_terms(out_dir: &Path) -> Result<(), Box<dyn Error>> {
    println!("cargo::rerun-if-changed={TERMS}");
    let metadata: Metadata = serde_json::from_slice(&fs::read(METADATA)?)?;
    DictionaryBuilder::new(metadata)
        .build_user_dictionary(Path::new(TERMS), &out_dir.join("terms.bin"))?;
    Ok(())
}

/// Writes `builtin_rules.rs`: every YAML file under rules/, sorted by path,
/// as `(path, include_str!(...))` pairs.
fn embed_rules(out_dir: &Path) -> Result<(), Box<dyn Error>> {
    println!("cargo::rerun-if-changed=rules");
    let manifest_dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR")?);
    let mut files = Vec::new();
    collect_yaml(&manifest_dir.join("rules"), &mut files)?;
    files.sort();
    let mut code = String::from("pub(crate) static BUILTIN_RULES: &[(&str, &str)] = &[\n");
    for file in files {
        let relative = file.strip_prefix(&manifest_dir)?.to_string_lossy().replace('\\', "/");
        code.push_str(&format!(
            "    ({relative:?}, include_str!({:?})),\n",
            file.display().to_string()
        ));
    }
    code.push_str("];\n");
    fs::write(out_dir.join("builtin_rules.rs"), code)?;
    Ok(())
}

fn collect_yaml(dir: &Path, files: &mut Vec<PathBuf>) -> Result<(), Box<dyn Error>> {
    if !dir.is_dir() {
        return Ok(());
    }
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect_yaml(&path, files)?;
        } else if path.extension().is_some_and(|e| e == "yaml") {
            files.push(path);
        }
    }
    Ok(())
}

fn build_dictionary(out_dir: &Path) -> Result<(), Box<dyn Error>> {
    println!("cargo::rerun-if-changed={TARBALL}");
    println!("cargo::rerun-if-changed={METADATA}");
    println!("cargo::rerun-if-changed=build.rs");

    println!("cargo::rustc-env=LINDERA_WORKDIR={}", out_dir.display());

    let metadata_bytes = fs::read(METADATA)?;
    let output = out_dir.join(OUTPUT_DIR);
    // The stamp records which metadata the dictionary was built with, so an
    // edited metadata file rebuilds it while an unchanged one is reused.
    let stamp = out_dir.join("ipadic.stamp");
    if output.join("dict.words").is_file() && fs::read(&stamp).ok() == Some(metadata_bytes.clone())
    {
        return Ok(());
    }

    let source = unpack(Path::new(TARBALL), out_dir)?;
    let metadata: Metadata = serde_json::from_slice(&metadata_bytes)?;
    if output.exists() {
        fs::remove_dir_all(&output)?;
    }
    fs::create_dir_all(&output)?;
    DictionaryBuilder::new(metadata).build_dictionary(&source, &output)?;
    fs::remove_dir_all(&source)?;
    fs::write(stamp, metadata_bytes)?;
    Ok(())
}

/// Unpacks the tarball into `into` and returns the source directory.
fn unpack(tarball: &Path, into: &Path) -> Result<PathBuf, Box<dyn Error>> {
    let source = into.join(SOURCE_DIR);
    if source.exists() {
        fs::remove_dir_all(&source)?;
    }
    tar::Archive::new(GzDecoder::new(File::open(tarball)?)).unpack(into)?;
    Ok(source)
}
