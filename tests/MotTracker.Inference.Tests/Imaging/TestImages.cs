using MotTracker.Core;

namespace MotTracker.Inference.Tests.Imaging;

internal static class TestImages
{
    /// <summary>An image of one colour.</summary>
    public static BgrImage Uniform(int width, int height, byte b, byte g, byte r)
    {
        var image = new BgrImage(width, height);
        for (int i = 0; i < image.Pixels.Length; i += 3)
        {
            image.Pixels[i] = b;
            image.Pixels[i + 1] = g;
            image.Pixels[i + 2] = r;
        }

        return image;
    }

    public static void FillRect(BgrImage image, int x1, int y1, int x2, int y2, byte b, byte g, byte r)
    {
        for (int y = y1; y < y2; y++)
        {
            var row = image.Row(y);
            for (int x = x1; x < x2; x++)
            {
                row[3 * x] = b;
                row[3 * x + 1] = g;
                row[3 * x + 2] = r;
            }
        }
    }
}
