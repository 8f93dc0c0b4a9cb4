"""The render job's life, in one place: its states and allowed moves (`states`), the guarded changes of state
(`transitions`), the work a worker does (`worker`), the queue port (`queue`) and its adapters: threads in the API
process (`local`) running each piece in a child process (`isolated`), or the Celery fleet (`celery_app`)."""
