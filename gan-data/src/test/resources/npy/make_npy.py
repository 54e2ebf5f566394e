#!/usr/bin/env python3
"""Writes the .npy/.npz files that NpyFormatTest reads, with numpy itself.

Run from the repository root with Debian's numpy (apt-get install python3-numpy):

    /usr/bin/python3 gan-data/src/test/resources/npy/make_npy.py

Every value is a closed formula that the Java test recomputes, so no expected-value files are
needed. The files are tiny (a few hundred bytes each) and committed next to this script.
"""
import io
import os

import numpy as np

OUT = os.path.dirname(os.path.abspath(__file__))


def path(name):
    return os.path.join(OUT, name)


def images(n=5, h=4, w=3, c=3):
    """uint8 [N, H, W, C]: (37n + 11y + 5x + 101c) mod 256."""
    nn, yy, xx, cc = np.meshgrid(np.arange(n), np.arange(h), np.arange(w), np.arange(c), indexing="ij")
    return ((37 * nn + 11 * yy + 5 * xx + 101 * cc) % 256).astype(np.uint8)


def gray(n=3, h=4, w=5):
    """uint8 [N, H, W]: (37n + 11y + 5x) mod 256."""
    nn, yy, xx = np.meshgrid(np.arange(n), np.arange(h), np.arange(w), indexing="ij")
    return ((37 * nn + 11 * yy + 5 * xx) % 256).astype(np.uint8)


F4 = (np.arange(12, dtype=np.float64) / 7 - 0.5).astype(np.float32).reshape(3, 4)
F8 = np.array([[0.1, -2.5, 1e300], [-1e-300, np.pi, -0.0]], dtype=np.float64)
I8 = np.array([0, 1, -1, 2**62, -(2**63), 123456789012345], dtype=np.int64)
I4 = np.array([3, -7, 2**31 - 1, -(2**31)], dtype=np.int32)
LABELS = np.arange(5, dtype=np.int64) % 3


def save(name, a):
    np.save(path(name), a)


def main():
    save("images_u1.npy", images())
    save("gray_u1.npy", gray())
    save("f4.npy", F4)
    save("f8.npy", F8)
    save("f8_be.npy", F8.astype(">f8"))
    save("i8.npy", I8)
    save("i8_be.npy", I8.astype(">i8"))
    save("i4.npy", I4)
    save("scalar_f8.npy", np.float64(2.5))
    save("empty_f4.npy", np.zeros((0, 3), dtype=np.float32))
    for version in [(2, 0), (3, 0)]:
        with open(path("f8_v%d.npy" % version[0]), "wb") as f:
            np.lib.format.write_array(f, F8, version=version)
    # Files SameGAN must refuse, each with a named error.
    save("fortran_f8.npy", np.asfortranarray(np.arange(6, dtype=np.float64).reshape(2, 3)))
    save("c16.npy", np.array([1 + 2j, 3 - 4j]))
    save("u3.npy", np.array(["abc", "de"]))
    save("f2.npy", np.array([1.5, 2.5], dtype=np.float16))
    save("structured.npy", np.zeros(2, dtype=[("a", "<i4"), ("b", "<f8")]))
    # Archives: np.savez stores its entries, np.savez_compressed deflates them.
    np.savez(path("images.npz"), images(), LABELS)
    np.savez_compressed(path("images_compressed.npz"), images(), LABELS)
    for name in sorted(os.listdir(OUT)):
        if name.endswith((".npy", ".npz")):
            print("%-24s %6d bytes" % (name, os.path.getsize(path(name))))


if __name__ == "__main__":
    main()
