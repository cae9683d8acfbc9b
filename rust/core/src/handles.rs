//! The handle tables: opaque `u64` handles to keys and keystores that never leave Rust memory.
//!
//! Layout: `kind (8 bits) | generation (24 bits) | slot (32 bits)`. A handle is valid only
//! while its slot holds an object of that kind at that generation, so forged, stale,
//! double-freed and wrong-kind handles are all detected and reported, never dereferenced.
//! Keys and keystores live in separate tables with disjoint kind numbers, so a keystore
//! handle given where a key is expected is `WrongHandleKind`, not a lookup in the wrong
//! table. Freeing bumps the slot's generation; a slot whose generation would wrap is retired.
//! Operations clone an `Arc` under a short read lock, so an object freed during an operation
//! on another thread stays alive (and is zeroized) until that operation ends.

use crate::key::{Key, KeyKind};
use crate::keystore::store::Keystore;
use crate::{PqResult, Status};
use std::sync::{Arc, PoisonError, RwLock};

/// Upper bound on live handles per table; bounds memory under a leaking caller.
pub const MAX_LIVE_HANDLES: usize = 1 << 22;
const GENERATION_BITS: u32 = 24;
const MAX_GENERATION: u32 = (1 << GENERATION_BITS) - 1;
/// Handle kind of a keystore (after the [`KeyKind`] numbers). Part of the ABI.
pub const KEYSTORE_KIND: u32 = 16;

/// An object a table can hold: it reports the kind number encoded in its handles.
pub trait Handled: Send + Sync {
    /// The kind number (8 bits) of this object's handles.
    fn kind_code(&self) -> u32;
}

impl Handled for Key {
    fn kind_code(&self) -> u32 {
        self.kind() as u32
    }
}

impl Handled for Keystore {
    fn kind_code(&self) -> u32 {
        KEYSTORE_KIND
    }
}

fn is_key_kind(kind: u32) -> bool {
    KeyKind::ALL.iter().any(|k| *k as u32 == kind)
}

fn is_keystore_kind(kind: u32) -> bool {
    kind == KEYSTORE_KIND
}

struct Slot<T> {
    generation: u32,
    object: Option<Arc<T>>,
}

struct Table<T> {
    slots: Vec<Slot<T>>,
    free: Vec<u32>,
    live: usize,
}

/// One table of handles to `T`.
pub struct Handles<T> {
    table: RwLock<Table<T>>,
    owns_kind: fn(u32) -> bool,
}

/// The key table.
pub static KEYS: Handles<Key> = Handles::new(is_key_kind);
/// The keystore table.
pub static KEYSTORES: Handles<Keystore> = Handles::new(is_keystore_kind);

fn encode(kind: u32, generation: u32, slot: u32) -> u64 {
    (u64::from(kind & 0xff) << 56) | (u64::from(generation) << 32) | u64::from(slot)
}

struct Decoded {
    kind: u32,
    generation: u32,
    slot: usize,
}

fn decode(handle: u64) -> Decoded {
    Decoded {
        kind: (handle >> 56) as u32 & 0xff,
        generation: (handle >> 32) as u32 & MAX_GENERATION,
        slot: (handle & 0xffff_ffff) as usize,
    }
}

impl<T: Handled> Handles<T> {
    const fn new(owns_kind: fn(u32) -> bool) -> Self {
        Self { table: RwLock::new(Table { slots: Vec::new(), free: Vec::new(), live: 0 }), owns_kind }
    }

    /// Stores `object` and returns its new handle.
    ///
    /// # Errors
    /// [`Status::HandleTableFull`].
    pub fn insert(&self, object: T) -> PqResult<u64> {
        let kind = object.kind_code();
        let mut table = self.table.write().unwrap_or_else(PoisonError::into_inner);
        if table.live >= MAX_LIVE_HANDLES {
            return Err(Status::HandleTableFull);
        }
        let slot = match table.free.pop() {
            Some(slot) => slot,
            None => {
                let slot = u32::try_from(table.slots.len()).map_err(|_| Status::HandleTableFull)?;
                table.slots.push(Slot { generation: 1, object: None });
                slot
            }
        };
        let entry = table.slots.get_mut(slot as usize).ok_or(Status::Internal)?;
        entry.object = Some(Arc::new(object));
        let generation = entry.generation;
        table.live += 1;
        Ok(encode(kind, generation, slot))
    }

    /// Resolves a handle; classifies one that does not resolve.
    fn lookup<'t>(&self, table: &'t Table<T>, handle: u64) -> PqResult<(&'t Arc<T>, usize)> {
        let decoded = decode(handle);
        if !(self.owns_kind)(decoded.kind) {
            let known = is_key_kind(decoded.kind) || is_keystore_kind(decoded.kind);
            return Err(if known { Status::WrongHandleKind } else { Status::InvalidHandle });
        }
        let slot = table.slots.get(decoded.slot).ok_or(Status::InvalidHandle)?;
        if decoded.generation == 0 || decoded.generation > slot.generation {
            return Err(Status::InvalidHandle);
        }
        match &slot.object {
            Some(object) if decoded.generation == slot.generation => {
                if object.kind_code() == decoded.kind {
                    Ok((object, decoded.slot))
                } else {
                    Err(Status::InvalidHandle)
                }
            }
            _ => Err(Status::StaleHandle),
        }
    }

    /// Resolves a handle.
    ///
    /// # Errors
    /// [`Status::InvalidHandle`], [`Status::StaleHandle`], [`Status::WrongHandleKind`]
    /// (a handle of the other table).
    pub fn get(&self, handle: u64) -> PqResult<Arc<T>> {
        let table = self.table.read().unwrap_or_else(PoisonError::into_inner);
        self.lookup(&table, handle).map(|(object, _)| Arc::clone(object))
    }

    /// Frees a handle. A second free of the same handle returns [`Status::StaleHandle`].
    ///
    /// # Errors
    /// As [`Handles::get`].
    pub fn remove(&self, handle: u64) -> PqResult<()> {
        let mut table = self.table.write().unwrap_or_else(PoisonError::into_inner);
        let slot_index = self.lookup(&table, handle)?.1;
        let slot = table.slots.get_mut(slot_index).ok_or(Status::Internal)?;
        let object = slot.object.take();
        if slot.generation == MAX_GENERATION {
            // Retired: the slot stays empty forever, since its generation cannot advance.
        } else {
            slot.generation += 1;
            if let Ok(index) = u32::try_from(slot_index) {
                table.free.push(index);
            }
        }
        table.live -= 1;
        drop(table);
        drop(object); // zeroizes now, or when the last in-flight operation releases it
        Ok(())
    }

    /// Number of live handles.
    pub fn live_count(&self) -> usize {
        self.table.read().unwrap_or_else(PoisonError::into_inner).live
    }
}

/// Stores a key. See [`Handles::insert`].
///
/// # Errors
/// [`Status::HandleTableFull`].
pub fn insert(key: Key) -> PqResult<u64> {
    KEYS.insert(key)
}

/// Resolves a key handle of any kind. See [`Handles::get`].
///
/// # Errors
/// [`Status::InvalidHandle`], [`Status::StaleHandle`], [`Status::WrongHandleKind`].
pub fn get(handle: u64) -> PqResult<Arc<Key>> {
    KEYS.get(handle)
}

/// Resolves a key handle whose kind is one of `allowed`.
///
/// # Errors
/// As [`get`], plus [`Status::WrongHandleKind`].
pub fn get_kind(handle: u64, allowed: &[KeyKind]) -> PqResult<Arc<Key>> {
    let key = get(handle)?;
    if allowed.contains(&key.kind()) { Ok(key) } else { Err(Status::WrongHandleKind) }
}

/// Frees a key handle. See [`Handles::remove`].
///
/// # Errors
/// [`Status::InvalidHandle`], [`Status::StaleHandle`], [`Status::WrongHandleKind`].
pub fn remove(handle: u64) -> PqResult<()> {
    KEYS.remove(handle)
}

/// Number of live key and keystore handles (for leak tests and metrics).
pub fn live_count() -> usize {
    KEYS.live_count() + KEYSTORES.live_count()
}
