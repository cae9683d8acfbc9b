//! Decodes fuzzer bytes into call arguments. Short input never fails: missing bytes read as
//! zero, so every input is a valid program .

use crate::abi::{In, Out};

/// A cursor over the fuzzer's input.
pub struct Reader<'a> {
    data: &'a [u8],
}

impl<'a> Reader<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        Self { data }
    }

    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }

    pub fn u8(&mut self) -> u8 {
        let (first, rest) = self.data.split_first().map_or((0, &[][..]), |(b, r)| (*b, r));
        self.data = rest;
        first
    }

    pub fn u16(&mut self) -> u16 {
        u16::from_le_bytes([self.u8(), self.u8()])
    }

    pub fn u32(&mut self) -> u32 {
        u32::from_le_bytes([self.u8(), self.u8(), self.u8(), self.u8()])
    }

    pub fn u64(&mut self) -> u64 {
        u64::from(self.u32()) | (u64::from(self.u32()) << 32)
    }

    /// A `u16` length prefix, then that many bytes (fewer if the input ends).
    pub fn bytes(&mut self) -> &'a [u8] {
        let len = usize::from(self.u16()).min(self.data.len());
        let (head, rest) = self.data.split_at(len);
        self.data = rest;
        head
    }

    /// An input buffer: a shape byte, then its bytes.
    pub fn input(&mut self) -> In {
        let shape = self.u8();
        In::new(shape, self.bytes().to_vec())
    }

    /// An output buffer: a shape byte (ample, exact, empty or NULL), then a capacity.
    pub fn out(&mut self) -> Out {
        let shape = self.u8();
        let cap = usize::from(self.u16() % 9000);
        Out::shaped(shape, cap)
    }

    /// An algorithm number: mostly a real one, sometimes any `u32`.
    pub fn algorithm(&mut self) -> u32 {
        let pick = self.u8();
        match crate::abi::ALGORITHMS.get(usize::from(pick)) {
            Some(algorithm) => *algorithm,
            None if pick >= 250 => self.u32(),
            None => crate::abi::ALGORITHMS[usize::from(pick) % crate::abi::ALGORITHMS.len()],
        }
    }
}
