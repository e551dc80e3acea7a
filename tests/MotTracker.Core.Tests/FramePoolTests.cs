namespace MotTracker.Core.Tests;

public sealed class FramePoolTests
{
    [Fact]
    public void A_returned_buffer_of_the_same_size_is_handed_out_again()
    {
        var pool = new FramePool();
        var first = pool.Rent(64, 48);
        pool.Return(first);
        pool.Rent(64, 48).ShouldBeSameAs(first);
        pool.Rent(64, 48).ShouldNotBeSameAs(first);
    }

    [Fact]
    public void Buffers_of_another_size_are_not_reused()
    {
        var pool = new FramePool();
        pool.Return(new BgrImage(10, 10));
        var image = pool.Rent(20, 10);
        (image.Width, image.Height, image.Pixels.Length).ShouldBe((20, 10, 600));
    }

    [Fact]
    public void The_pool_keeps_at_most_its_capacity()
    {
        var pool = new FramePool(capacity: 2);
        var images = Enumerable.Range(0, 3).Select(_ => new BgrImage(4, 4)).ToArray();
        foreach (var image in images) pool.Return(image);
        var rented = Enumerable.Range(0, 3).Select(_ => pool.Rent(4, 4)).ToArray();
        rented.Count(r => images.Contains(r)).ShouldBe(2);
    }
}
