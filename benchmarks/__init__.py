"""Side-by-side speed measurements: photoreel against the FFmpeg command line, MoviePy and the encoder floor."""
