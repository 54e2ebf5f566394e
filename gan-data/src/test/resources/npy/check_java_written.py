#!/usr/bin/env python3
"""Checks with numpy that java_written.npz, a file SameGAN's NpzWriter wrote, loads to the values
SameGAN meant (the same closed formulas as make_npy.py). The unit tests do not need Python; run
this by hand after changing the writer (from the repository root):

    /usr/bin/python3 gan-data/src/test/resources/npy/check_java_written.py

java_written.npz is copied from gan-core/target/npy/java_written.npz, which
NpyFormatTest.javaWriterReproducesTheArchiveNumpyChecked writes and compares entry by entry with
the committed copy.
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_npy import F4, F8, I8, LABELS, images  # noqa: E402

name = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "java_written.npz")
with np.load(name) as f:
    assert sorted(f.files) == ["arr_0", "arr_1", "f4", "f8_be", "i8"], f.files
    checks = [("arr_0", images()), ("arr_1", LABELS), ("f4", F4), ("f8_be", F8.astype(">f8")), ("i8", I8)]
    for key, want in checks:
        got = f[key]
        assert got.dtype == want.dtype, (key, got.dtype, want.dtype)
        assert got.shape == want.shape, (key, got.shape, want.shape)
        assert got.flags.c_contiguous
        assert np.array_equal(got.view(np.uint8), want.view(np.uint8)), key
        print("%-6s %-5s %-16s equal" % (key, got.dtype.str, got.shape))
print("numpy %s loads %s to the values SameGAN wrote" % (np.__version__, name))
