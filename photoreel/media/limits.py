"""How big an input may be. The API reports breaches as 4002."""

MAX_FILE_BYTES = 200 * 1024 * 1024
# 200 megapixels admits today's largest phone sensors; a 30000x30000 "pixel bomb" (900 MP) is refused
# from its header, before a decoder allocates anything.
MAX_IMAGE_PIXELS = 200_000_000
# Bytes read to decide what a file is.
SNIFF_BYTES = 64
