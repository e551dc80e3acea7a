using MotTracker.Core;

namespace MotTracker.Media;

/// <summary>
/// Minimal drawing on <see cref="BgrImage"/> for annotated output videos: box outlines and short text
/// labels. Everything is clipped to the image and nothing allocates, so it can run on every frame.
/// </summary>
public static class Drawing
{
    /// <summary>Fills the pixels with x in [x, x+width) and y in [y, y+height) that lie inside the image.</summary>
    public static void FillRectangle(BgrImage image, int x, int y, int width, int height, BgrColor color)
    {
        ArgumentNullException.ThrowIfNull(image);
        int x0 = Math.Max(x, 0);
        int y0 = Math.Max(y, 0);
        int x1 = (int)Math.Min((long)x + Math.Max(width, 0), image.Width);
        int y1 = (int)Math.Min((long)y + Math.Max(height, 0), image.Height);
        if (x0 >= x1 || y0 >= y1)
            return;
        for (int row = y0; row < y1; row++)
        {
            Span<byte> pixels = image.Row(row).Slice(x0 * 3, (x1 - x0) * 3);
            for (int i = 0; i < pixels.Length; i += 3)
            {
                pixels[i] = color.B;
                pixels[i + 1] = color.G;
                pixels[i + 2] = color.R;
            }
        }
    }

    /// <summary>
    /// Draws the outline of the box [x, x+width) x [y, y+height); the lines grow inwards by
    /// <paramref name="thickness"/> pixels, so the outline never covers pixels outside the box.
    /// </summary>
    public static void Rectangle(BgrImage image, int x, int y, int width, int height, BgrColor color, int thickness = 2)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (width <= 0 || height <= 0 || thickness <= 0)
            return;
        int t = Math.Min(thickness, Math.Min((width + 1) / 2, (height + 1) / 2));
        FillRectangle(image, x, y, width, t, color);                       // top
        FillRectangle(image, x, y + height - t, width, t, color);          // bottom
        FillRectangle(image, x, y + t, t, height - 2 * t, color);          // left
        FillRectangle(image, x + width - t, y + t, t, height - 2 * t, color); // right
    }

    /// <summary>Rectangle overload for a tracker's float box (rounded to the nearest pixel).</summary>
    public static void Rectangle(BgrImage image, BoundingBox box, BgrColor color, int thickness = 2)
    {
        if (!double.IsFinite(box.X) || !double.IsFinite(box.Y) || !double.IsFinite(box.Width) || !double.IsFinite(box.Height))
            return;
        int left = ToPixel(box.X);
        int top = ToPixel(box.Y);
        Rectangle(image, left, top, ToPixel(box.X + box.Width) - left, ToPixel(box.Y + box.Height) - top, color, thickness);
    }

    // Boxes far off-image (a drifting prediction) are clamped first so the int conversion cannot overflow.
    private static int ToPixel(double value) => (int)Math.Round(Math.Clamp(value, -1e8, 1e8));

    /// <summary>Width in pixels of <paramref name="text"/> drawn at <paramref name="scale"/>.</summary>
    public static int MeasureText(ReadOnlySpan<char> text, int scale = 2) =>
        text.Length == 0 ? 0 : (text.Length * (BitmapFont.GlyphWidth + 1) - 1) * Math.Max(scale, 1);

    /// <summary>Height in pixels of one line of text at <paramref name="scale"/>.</summary>
    public static int TextHeight(int scale = 2) => BitmapFont.GlyphHeight * Math.Max(scale, 1);

    /// <summary>Draws text with its top-left corner at (x, y); each font pixel becomes a scale x scale block.</summary>
    public static void Text(BgrImage image, int x, int y, ReadOnlySpan<char> text, BgrColor color, int scale = 2)
    {
        ArgumentNullException.ThrowIfNull(image);
        scale = Math.Max(scale, 1);
        int advance = (BitmapFont.GlyphWidth + 1) * scale;
        for (int i = 0; i < text.Length; i++)
        {
            int left = x + i * advance;
            if (left >= image.Width)
                break;
            ReadOnlySpan<byte> glyph = BitmapFont.Glyph(text[i]);
            for (int row = 0; row < BitmapFont.GlyphHeight; row++)
            {
                byte bits = glyph[row];
                for (int column = 0; column < BitmapFont.GlyphWidth; column++)
                {
                    if ((bits & (1 << (BitmapFont.GlyphWidth - 1 - column))) != 0)
                        FillRectangle(image, left + column * scale, y + row * scale, scale, scale, color);
                }
            }
        }
    }

    /// <summary>
    /// A readable label: text on a filled background with a one-font-pixel margin, placed with its
    /// bottom-left at (x, y) (just above a box's top-left corner), or below y when there is no room above.
    /// </summary>
    public static void Label(BgrImage image, int x, int y, ReadOnlySpan<char> text, BgrColor textColor, BgrColor background, int scale = 2)
    {
        scale = Math.Max(scale, 1);
        int width = MeasureText(text, scale) + 2 * scale;
        int height = TextHeight(scale) + 2 * scale;
        int top = y - height >= 0 ? y - height : y;
        FillRectangle(image, x, top, width, height, background);
        Text(image, x + scale, top + scale, text, textColor, scale);
    }

    /// <summary>A track-id label without formatting a string (the digits go to the stack).</summary>
    public static void Label(BgrImage image, int x, int y, int number, BgrColor textColor, BgrColor background, int scale = 2)
    {
        Span<char> digits = stackalloc char[11];
        number.TryFormat(digits, out int written, default, System.Globalization.CultureInfo.InvariantCulture);
        Label(image, x, y, digits[..written], textColor, background, scale);
    }
}
