using MotTracker.Evaluation.Output;

namespace MotTracker.Evaluation.Tests;

public sealed class PythonFloatTests
{
    [Theory]
    [InlineData(0.6090073395313134, "0.6090073395313134")]
    [InlineData(156.0, "156.0")]
    [InlineData(0.1, "0.1")]
    [InlineData(1e-05, "1e-05")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(1e16, "1e+16")]
    [InlineData(1234567890123456.0, "1234567890123456.0")]
    [InlineData(-2.5, "-2.5")]
    [InlineData(0.0, "0.0")]
    [InlineData(1.5e-300, "1.5e-300")]
    public void Repr_prints_floats_as_Python_str_does(double value, string expected) =>
        PythonFloat.Repr(value).ShouldBe(expected);

    [Theory]
    [InlineData(4.2125, "4.2125")]
    [InlineData(79.75, "79.75")]
    [InlineData(75.27243791636786, "75.272")]
    [InlineData(100.0, "100")]
    [InlineData(0.0, "0")]
    [InlineData(12.03125, "12.031")] // an exact binary tie: Python rounds half to even
    [InlineData(12.09375, "12.094")]
    [InlineData(123456.0, "1.2346e+05")]
    [InlineData(99999.5, "1e+05")]
    [InlineData(0.000123456, "0.00012346")]
    [InlineData(-3.14159, "-3.1416")]
    public void General5_matches_Pythons_1_5g_format(double value, string expected) =>
        PythonFloat.General5(value).ShouldBe(expected);
}
