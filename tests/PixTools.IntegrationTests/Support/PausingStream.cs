namespace PixTools.IntegrationTests.Support;

/// <summary>Serves its bytes up to <c>pauseAfter</c>, then waits for <see cref="Resume"/> before the rest.</summary>
internal sealed class PausingStream(byte[] bytes, int pauseAfter) : Stream
{
    private readonly TaskCompletionSource paused = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource resumed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int position;

    public Task Paused => paused.Task;

    public void Resume() => resumed.TrySetResult();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (position == pauseAfter)
        {
            paused.TrySetResult();
            await resumed.Task.WaitAsync(cancellationToken);
        }
        var end = position < pauseAfter ? pauseAfter : bytes.Length;
        var count = Math.Min(buffer.Length, end - position);
        bytes.AsSpan(position, count).CopyTo(buffer.Span);
        position += count;
        return count;
    }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => bytes.Length;
    public override long Position { get => position; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
