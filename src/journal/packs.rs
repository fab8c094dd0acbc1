//! Packs the person imported, kept as they were written in `packs/`.

use std::fs;
use std::io;
use std::path::PathBuf;

use super::files::{atomic_write, sync_dir};
use super::store::{Result, Store, StoreError, io_err, valid_file_id};
use crate::content::{Pack, PackError};

impl Store {
    /// Packs the person imported, sorted by title, and the files that failed to load.
    pub fn imported_packs(&self) -> (Vec<Pack>, Vec<PackError>) {
        let mut packs = Vec::new();
        let mut problems = Vec::new();
        let dir = self.dir.join("packs");
        let Ok(rd) = fs::read_dir(&dir) else {
            return (packs, problems);
        };
        let mut paths: Vec<PathBuf> = rd
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        paths.sort();
        for p in paths {
            let name = p.display().to_string();
            match fs::read_to_string(&p) {
                Ok(text) => match Pack::parse(&name, &text) {
                    Ok(pack) => packs.push(pack),
                    Err(e) => problems.push(e),
                },
                Err(e) => problems.push(PackError {
                    file: name,
                    problems: vec![crate::content::Problem {
                        line: 1,
                        col: 1,
                        path: String::new(),
                        message: e.to_string(),
                    }],
                }),
            }
        }
        packs.sort_by_key(|p| p.title.to_lowercase());
        (packs, problems)
    }

    /// Validate and import a pack. Returns the pack and whether it replaced one.
    pub fn add_pack(&self, name: &str, text: &str, replace: bool) -> Result<(Pack, bool)> {
        self.require_lock()?;
        let pack = Pack::parse(name, text)?;
        if crate::content::builtin_packs()
            .iter()
            .any(|b| b.id == pack.id)
        {
            return Err(StoreError::BuiltinPackId(pack.id));
        }
        let file = format!("{}.json", pack.id);
        let exists = self.dir.join("packs").join(&file).exists();
        if exists && !replace {
            return Err(StoreError::PackExists(pack.id));
        }
        atomic_write(&self.dir.join("packs"), &file, text.as_bytes())?;
        Ok((pack, exists))
    }

    /// Remove an imported pack. Reflections made with it keep their question text.
    pub fn remove_pack(&self, id: &str) -> Result<()> {
        self.require_lock()?;
        if !valid_file_id(id) {
            return Err(StoreError::NoSuchPack(id.to_string()));
        }
        let path = self.dir.join("packs").join(format!("{id}.json"));
        match fs::remove_file(&path) {
            Ok(()) => sync_dir(&self.dir.join("packs")),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                Err(StoreError::NoSuchPack(id.to_string()))
            }
            Err(e) => Err(io_err("removing", &path)(e)),
        }
    }
}
