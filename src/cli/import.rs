//! `jslint import INPUT [-o OUTPUT.jsmd] [--force]`: reads extracted PDF text or a workbook,
//! writes the `.jsmd` source to stdout or, atomically, to OUTPUT (a temporary file in the same
//! folder, then a rename; a symbolic link stays a link, a named pipe or device is refused, as
//! for `check --fix`), and prints every guess the importer made on stderr as
//! `INPUT:LINE: info: …`.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use clap::Args;

use crate::cli::{exit, files};
use crate::import::{self, Import, InputKind, Origin};

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Text extracted from a PDF report (tab-separated or `pdftotext -layout`), or a workbook
    /// (.xlsx, .xls).
    pub input: PathBuf,
    /// Write the report source here instead of to stdout.
    #[arg(short, long, value_name = "OUTPUT.jsmd")]
    pub output: Option<PathBuf>,
    /// Overwrite OUTPUT if it exists.
    #[arg(long)]
    pub force: bool,
}

pub fn run(args: ImportArgs) -> i32 {
    match import_file(&args) {
        Ok(()) => exit::CLEAN,
        Err(e) => {
            eprintln!("error: {e:#}");
            exit::USAGE
        }
    }
}

fn import_file(args: &ImportArgs) -> Result<()> {
    let input = &args.input;
    if let Some(out) = &args.output {
        if out.exists() && !args.force {
            bail!("{} exists; pass --force to overwrite it", out.display());
        }
    }
    let bytes = std::fs::read(input).with_context(|| format!("cannot read {}", input.display()))?;
    let imported = convert(input, bytes).with_context(|| format!("{}", input.display()))?;
    match &args.output {
        Some(out) => files::replace(out, &imported.output, true)
            .with_context(|| format!("cannot write {}", out.display()))?,
        None => {
            let mut stdout = std::io::stdout().lock();
            if let Err(e) = stdout
                .write_all(imported.output.as_bytes())
                .and_then(|()| stdout.flush())
            {
                if e.kind() != std::io::ErrorKind::BrokenPipe {
                    bail!("cannot write to stdout: {e}");
                }
            }
        }
    }
    let shown = args
        .output
        .as_ref()
        .map_or_else(|| "<stdout>".to_string(), |p| p.display().to_string());
    for note in &imported.notes {
        let at = match &note.origin {
            Origin::Document => String::new(),
            origin => format!(":{origin}"),
        };
        eprintln!(
            "{}{at}: info: {} [{shown}:{}]",
            input.display(),
            note.message,
            note.output_line
        );
    }
    Ok(())
}

fn convert(path: &Path, bytes: Vec<u8>) -> Result<Import> {
    if bytes.is_empty() {
        bail!(import::ImportError::Empty);
    }
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let kind = import::sniff(&bytes);
    match kind {
        InputKind::Xlsx | InputKind::Xls => {
            // The importer turns a panic of the workbook reader on a damaged file into an
            // error; keep the panic's own message off the terminal meanwhile.
            let hook = std::panic::take_hook();
            std::panic::set_hook(Box::new(|_| {}));
            let result = import::from_workbook(&bytes);
            std::panic::set_hook(hook);
            Ok(result?)
        }
        InputKind::Pdf => bail!(import::ImportError::Pdf),
        InputKind::Text => {
            if matches!(ext.as_deref(), Some("xlsx" | "xls" | "xlsm")) {
                bail!(import::ImportError::Corrupt(
                    "the file has a workbook's name but is neither an .xlsx ZIP archive nor an .xls OLE file".into()
                ));
            }
            let text = files::decode(bytes).map_err(anyhow::Error::msg)?;
            Ok(import::from_text(&text)?)
        }
    }
}
