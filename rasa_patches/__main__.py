"""`python -m rasa_patches <args>`: the `rasa` command with the speed patches applied."""

import os
import sys

# One BLAS thread for Rasa run through this launcher (the servers; training runs `rasa train`),
# set before NumPy or SciPy load their OpenBLAS (each reads it once, at load). A message's parse
# is small matrix work on one event loop; a second thread only spins waiting for work, on the
# core the action server needs: the parse slowed from 7.1 to 9.8 ms p50 while the action server
# read an answer ahead (6.4 and 7.2 ms with one thread).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from rasa_patches import apply  # after the thread limit: it loads NumPy

apply()

from rasa.__main__ import main  # noqa: E402  (after the patches, so Rasa runs patched)

sys.exit(main())
