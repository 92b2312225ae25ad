package render

import (
	"encoding/binary"
	"math/bits"
)

// This file is a small, unkeyed BLAKE3 (https://github.com/BLAKE3-team/BLAKE3
// spec), written from the specification. Anki's hint filter names its DOM
// element after the first 8 bytes of BLAKE3(text + field name); the fake
// reproduces that id so rendered hints match Anki's byte for byte. Speed is
// irrelevant here: hints are short.

const (
	b3BlockLen   = 64
	b3ChunkLen   = 1024
	b3ChunkStart = 1 << 0
	b3ChunkEnd   = 1 << 1
	b3Parent     = 1 << 2
	b3Root       = 1 << 3
)

var b3IV = [8]uint32{0x6A09E667, 0xBB67AE85, 0x3C6EF372, 0xA54FF53A, 0x510E527F, 0x9B05688C, 0x1F83D9AB, 0x5BE0CD19}

var b3Permutation = [16]int{2, 6, 3, 10, 7, 0, 4, 13, 1, 11, 12, 5, 9, 14, 15, 8}

func b3G(s *[16]uint32, a, b, c, d int, x, y uint32) {
	s[a] += s[b] + x
	s[d] = bits.RotateLeft32(s[d]^s[a], -16)
	s[c] += s[d]
	s[b] = bits.RotateLeft32(s[b]^s[c], -12)
	s[a] += s[b] + y
	s[d] = bits.RotateLeft32(s[d]^s[a], -8)
	s[c] += s[d]
	s[b] = bits.RotateLeft32(s[b]^s[c], -7)
}

// b3Compress is the BLAKE3 compression function.
func b3Compress(cv [8]uint32, block [16]uint32, counter uint64, blockLen, flags uint32) [16]uint32 {
	s := [16]uint32{cv[0], cv[1], cv[2], cv[3], cv[4], cv[5], cv[6], cv[7],
		b3IV[0], b3IV[1], b3IV[2], b3IV[3], uint32(counter), uint32(counter >> 32), blockLen, flags}
	m := block
	for round := 0; round < 7; round++ {
		b3G(&s, 0, 4, 8, 12, m[0], m[1])
		b3G(&s, 1, 5, 9, 13, m[2], m[3])
		b3G(&s, 2, 6, 10, 14, m[4], m[5])
		b3G(&s, 3, 7, 11, 15, m[6], m[7])
		b3G(&s, 0, 5, 10, 15, m[8], m[9])
		b3G(&s, 1, 6, 11, 12, m[10], m[11])
		b3G(&s, 2, 7, 8, 13, m[12], m[13])
		b3G(&s, 3, 4, 9, 14, m[14], m[15])
		var p [16]uint32
		for i, j := range b3Permutation {
			p[i] = m[j]
		}
		m = p
	}
	for i := 0; i < 8; i++ {
		s[i] ^= s[i+8]
		s[i+8] ^= cv[i]
	}
	return s
}

// b3Output is a node whose chaining value or root bytes are still to be
// computed.
type b3Output struct {
	cv       [8]uint32
	block    [16]uint32
	counter  uint64
	blockLen uint32
	flags    uint32
}

func (o b3Output) chainingValue() [8]uint32 {
	full := b3Compress(o.cv, o.block, o.counter, o.blockLen, o.flags)
	return [8]uint32(full[:8])
}

func b3Words(block []byte) [16]uint32 {
	var buf [b3BlockLen]byte
	copy(buf[:], block)
	var w [16]uint32
	for i := range w {
		w[i] = binary.LittleEndian.Uint32(buf[4*i:])
	}
	return w
}

// b3Chunk hashes one chunk of up to 1024 bytes with the given counter.
func b3Chunk(data []byte, counter uint64) b3Output {
	cv := b3IV
	flags := uint32(b3ChunkStart)
	for len(data) > b3BlockLen {
		full := b3Compress(cv, b3Words(data[:b3BlockLen]), counter, b3BlockLen, flags)
		cv = [8]uint32(full[:8])
		data = data[b3BlockLen:]
		flags = 0
	}
	return b3Output{cv: cv, block: b3Words(data), counter: counter, blockLen: uint32(len(data)), flags: flags | b3ChunkEnd}
}

func b3ParentOutput(left, right [8]uint32) b3Output {
	var block [16]uint32
	copy(block[:8], left[:])
	copy(block[8:], right[:])
	return b3Output{cv: b3IV, block: block, blockLen: b3BlockLen, flags: b3Parent}
}

// blake3Sum256 returns the 32-byte BLAKE3 hash of data.
func blake3Sum256(data []byte) [32]byte {
	var stack [][8]uint32
	counter := uint64(0)
	for len(data) > b3ChunkLen {
		cv := b3Chunk(data[:b3ChunkLen], counter).chainingValue()
		data = data[b3ChunkLen:]
		counter++
		// Merge completed subtrees: one merge per trailing zero bit of
		// the number of chunks hashed so far.
		for total := counter; total&1 == 0; total >>= 1 {
			cv = b3ParentOutput(stack[len(stack)-1], cv).chainingValue()
			stack = stack[:len(stack)-1]
		}
		stack = append(stack, cv)
	}
	out := b3Chunk(data, counter)
	for i := len(stack) - 1; i >= 0; i-- {
		out = b3ParentOutput(stack[i], out.chainingValue())
	}
	words := b3Compress(out.cv, out.block, out.counter, out.blockLen, out.flags|b3Root)
	var sum [32]byte
	for i := 0; i < 8; i++ {
		binary.LittleEndian.PutUint32(sum[4*i:], words[i])
	}
	return sum
}
