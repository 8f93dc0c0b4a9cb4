"""How big an input may be. The API reports breaches as 4002."""

MAX_FILE_BYTES = 200 * 1024 * 1024
# 200 megapixels admits today's largest phone sensors; a 30000x30000 "pixel bomb" (900 MP) is refused
# from its header, before a decoder allocates anything.
MAX_IMAGE_PIXELS = 200_000_000
# Bytes read to decide what a file is.
SNIFF_BYTES = 64
# A video frame above this is refused (4002) before any frame is decoded: 8K (7680x4320, 33 MP) passes, the
# decoder's own limit does not have to be met first.
MAX_VIDEO_PIXELS = 36_000_000
# A clip file longer than this is refused; the timeline uses at most the clip length setting of it anyway.
MAX_VIDEO_SECONDS = 3 * 60 * 60
# Seconds of a clip placed on the timeline when it is added (a longer one is placed trimmed to its start).
CLIP_MAX_S = 60.0
