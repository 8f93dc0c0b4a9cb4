"""One module per contender; each renders a workload to a file with libx264 veryfast CRF 23, yuv420p, 30 fps."""
