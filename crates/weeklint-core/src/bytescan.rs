//! Where given bytes are in a text, found 16 bytes at a time.
//!
//! `memchr` is fastest between far-apart matches; a line index asks for
//! every `\n`, some 40 bytes apart, and pays a call per line. Comparing a
//! block with each needle and walking the set bits of the masks costs the
//! same for near and far matches, and finds several needles in one pass.

use wide::u8x16;

/// Bytes per block: one bit of a `u64` mask each.
const BLOCK: usize = 64;

/// Call `f(start, masks)` for each 64-byte block of `bytes` in order:
/// `start` is the block's offset, and bit `i` of `masks[k]` is set when
/// the byte at `start + i` is `needles[k]`. The last block may be short;
/// its masks have no bits past the end.
pub(crate) fn for_each_block<const N: usize>(
    bytes: &[u8],
    needles: [u8; N],
    mut f: impl FnMut(usize, [u64; N]),
) {
    let splats = needles.map(u8x16::splat);
    let (blocks, rest) = bytes.as_chunks::<BLOCK>();
    for (i, block) in blocks.iter().enumerate() {
        f(i * BLOCK, masks(block, &splats));
    }
    if !rest.is_empty() {
        let mut last = [0; BLOCK];
        last[..rest.len()].copy_from_slice(rest);
        let keep = (1u64 << rest.len()) - 1;
        f(
            blocks.len() * BLOCK,
            masks(&last, &splats).map(|m| m & keep),
        );
    }
}

#[inline(always)]
fn masks<const N: usize>(block: &[u8; BLOCK], splats: &[u8x16; N]) -> [u64; N] {
    let mut out = [0; N];
    for (j, part) in block.as_chunks::<16>().0.iter().enumerate() {
        let v = u8x16::new(*part);
        for (m, s) in out.iter_mut().zip(splats) {
            // `move_mask` gives one bit per lane, lane 0 lowest: 16 bits.
            *m |= u64::from(v.cmp_eq(*s).move_mask() as u16) << (16 * j);
        }
    }
    out
}

/// Push `start + i` for each set bit `i` of `mask`, lowest first.
#[inline(always)]
pub(crate) fn push_bits(out: &mut Vec<usize>, start: usize, mut mask: u64) {
    while mask != 0 {
        out.push(start + mask.trailing_zeros() as usize);
        mask &= mask - 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Offsets of every `needle` in `bytes`, in order.
    fn positions(bytes: &[u8], needle: u8, out: &mut Vec<usize>) {
        for_each_block(bytes, [needle], |start, [mask]| push_bits(out, start, mask));
    }

    fn naive(bytes: &[u8], needle: u8) -> Vec<usize> {
        (0..bytes.len()).filter(|&i| bytes[i] == needle).collect()
    }

    #[test]
    fn positions_are_every_match_in_order() {
        // Lengths around the block and lane sizes, matches at both ends of
        // blocks and lanes, and bytes whose top bit is set.
        for len in [0, 1, 15, 16, 17, 63, 64, 65, 127, 128, 129, 200] {
            let bytes: Vec<u8> = (0..len)
                .map(|i| match i % 7 {
                    0 => b'\n',
                    3 => 0xE4,
                    _ if i % 64 == 63 || i % 16 == 15 => b'<',
                    _ => b'a' + (i % 26) as u8,
                })
                .collect();
            for needle in [b'\n', b'<', 0xE4, b'z', 0] {
                let mut found = Vec::new();
                positions(&bytes, needle, &mut found);
                assert_eq!(found, naive(&bytes, needle), "len {len}, needle {needle}");
            }
        }
    }

    #[test]
    fn several_needles_in_one_pass() {
        let text = "a\r\nb<c\n".repeat(20);
        let (mut nl, mut cr, mut lt) = (Vec::new(), Vec::new(), Vec::new());
        for_each_block(text.as_bytes(), [b'\n', b'\r', b'<'], |start, [n, r, l]| {
            push_bits(&mut nl, start, n);
            push_bits(&mut cr, start, r);
            push_bits(&mut lt, start, l);
        });
        assert_eq!(nl, naive(text.as_bytes(), b'\n'));
        assert_eq!(cr, naive(text.as_bytes(), b'\r'));
        assert_eq!(lt, naive(text.as_bytes(), b'<'));
    }
}
