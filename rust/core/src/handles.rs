//! The handle table: opaque `u64` handles to keys that never leave Rust memory.
//!
//! Layout: `kind (8 bits) | generation (24 bits) | slot (32 bits)`. A handle is valid only
//! while its slot holds an object of that kind at that generation, so forged, stale,
//! double-freed and wrong-kind handles are all detected and reported, never dereferenced.
//! Freeing bumps the slot's generation; a slot whose generation would wrap is retired.
//! Operations clone an `Arc` under a short read lock, so a key freed during an operation
//! on another thread stays alive (and is zeroized) until that operation ends.

use crate::key::{Key, KeyKind};
use crate::{PqResult, Status};
use std::sync::{Arc, PoisonError, RwLock};

/// Upper bound on live handles; bounds memory under a leaking caller.
pub const MAX_LIVE_HANDLES: usize = 1 << 22;
const GENERATION_BITS: u32 = 24;
const MAX_GENERATION: u32 = (1 << GENERATION_BITS) - 1;

struct Slot {
    generation: u32,
    key: Option<Arc<Key>>,
}

struct Table {
    slots: Vec<Slot>,
    free: Vec<u32>,
    live: usize,
}

static TABLE: RwLock<Table> = RwLock::new(Table { slots: Vec::new(), free: Vec::new(), live: 0 });

fn encode(kind: KeyKind, generation: u32, slot: u32) -> u64 {
    (u64::from(kind as u32) << 56) | (u64::from(generation) << 32) | u64::from(slot)
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

/// Stores `key` and returns its new handle.
///
/// # Errors
/// [`Status::HandleTableFull`].
pub fn insert(key: Key) -> PqResult<u64> {
    let kind = key.kind();
    let mut table = TABLE.write().unwrap_or_else(PoisonError::into_inner);
    if table.live >= MAX_LIVE_HANDLES {
        return Err(Status::HandleTableFull);
    }
    let slot = match table.free.pop() {
        Some(slot) => slot,
        None => {
            let slot = u32::try_from(table.slots.len()).map_err(|_| Status::HandleTableFull)?;
            table.slots.push(Slot { generation: 1, key: None });
            slot
        }
    };
    let entry = table.slots.get_mut(slot as usize).ok_or(Status::Internal)?;
    entry.key = Some(Arc::new(key));
    let generation = entry.generation;
    table.live += 1;
    Ok(encode(kind, generation, slot))
}

/// Classifies a handle that does not resolve: stale if this slot issued it earlier.
fn lookup(table: &Table, handle: u64) -> PqResult<(&Arc<Key>, Decoded)> {
    let decoded = decode(handle);
    let slot = table.slots.get(decoded.slot).ok_or(Status::InvalidHandle)?;
    if decoded.generation == 0 || decoded.generation > slot.generation {
        return Err(Status::InvalidHandle);
    }
    match &slot.key {
        Some(key) if decoded.generation == slot.generation => {
            if key.kind() as u32 == decoded.kind {
                Ok((key, decoded))
            } else {
                Err(Status::InvalidHandle)
            }
        }
        _ if KeyKind::ALL.iter().any(|k| *k as u32 == decoded.kind) => Err(Status::StaleHandle),
        _ => Err(Status::InvalidHandle),
    }
}

/// Resolves a handle of any kind.
///
/// # Errors
/// [`Status::InvalidHandle`], [`Status::StaleHandle`].
pub fn get(handle: u64) -> PqResult<Arc<Key>> {
    let table = TABLE.read().unwrap_or_else(PoisonError::into_inner);
    lookup(&table, handle).map(|(key, _)| Arc::clone(key))
}

/// Resolves a handle whose kind is one of `allowed`.
///
/// # Errors
/// As [`get`], plus [`Status::WrongHandleKind`].
pub fn get_kind(handle: u64, allowed: &[KeyKind]) -> PqResult<Arc<Key>> {
    let key = get(handle)?;
    if allowed.contains(&key.kind()) { Ok(key) } else { Err(Status::WrongHandleKind) }
}

/// Frees a handle. A second free of the same handle returns [`Status::StaleHandle`].
///
/// # Errors
/// [`Status::InvalidHandle`], [`Status::StaleHandle`].
pub fn remove(handle: u64) -> PqResult<()> {
    let mut table = TABLE.write().unwrap_or_else(PoisonError::into_inner);
    let slot_index = lookup(&table, handle)?.1.slot;
    let slot = table.slots.get_mut(slot_index).ok_or(Status::Internal)?;
    let key = slot.key.take();
    let retire = slot.generation == MAX_GENERATION;
    slot.generation = slot.generation.saturating_add(1).min(MAX_GENERATION);
    if retire {
        // Keep the slot empty forever; its generation cannot advance.
        slot.generation = MAX_GENERATION;
    } else if let Ok(index) = u32::try_from(slot_index) {
        table.free.push(index);
    }
    table.live -= 1;
    drop(table);
    drop(key); // zeroizes now, or when the last in-flight operation releases it
    Ok(())
}

/// Number of live handles (for leak tests and metrics).
pub fn live_count() -> usize {
    TABLE.read().unwrap_or_else(PoisonError::into_inner).live
}
