// Hot loops use stackalloc scratch buffers that are always fully written before being read;
// zeroing them first is wasted work in every Kalman update.
[module: System.Runtime.CompilerServices.SkipLocalsInit]
