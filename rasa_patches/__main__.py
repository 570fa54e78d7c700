"""`python -m rasa_patches <args>`: the `rasa` command with the speed patches applied."""

import sys

from rasa_patches import apply

apply()

from rasa.__main__ import main  # noqa: E402  (after the patches, so Rasa runs patched)

sys.exit(main())
