using MotTracker.Inference.Models;

namespace MotTracker.Inference.Tests.Models;

public sealed class ModelLocatorTests
{
    private static ModelEntry Yolox => ModelManifest.Embedded.Find("yolox_nano")!;

    /// <summary>A locator whose environment holds only what the test gives: $MOTTRACK_MODELS and a home folder.</summary>
    private static ModelLocator Locator(string workingDirectory, string? modelsVariable = null, string? home = null, string? dataHome = null) =>
        new(ModelManifest.Embedded, name => name switch
        {
            ModelLocator.ModelsDirectoryVariable => modelsVariable,
            "HOME" => home ?? "/nonexistent-home",
            "XDG_DATA_HOME" => dataHome,
            _ => null,
        }, workingDirectory);

    [Fact]
    public void The_search_is_the_models_variable_then_the_working_directory_then_the_user_data_folder()
    {
        using var tmp = new TempDirectory();
        string work = Directory.CreateDirectory(tmp.Combine("work")).FullName;

        Locator(work, tmp.Combine("mine"), home: tmp.Combine("home")).SearchDirectories()
            .ShouldBe([tmp.Combine("mine"), Path.Combine(work, "models"), tmp.Combine("home", ".local", "share", "mottrack", "models")]);
        Locator(work, home: tmp.Combine("home"), dataHome: tmp.Combine("data")).SearchDirectories()
            .ShouldBe([Path.Combine(work, "models"), tmp.Combine("data", "mottrack", "models")]);
        // A relative XDG_DATA_HOME is ignored, as the XDG convention asks.
        Locator(work, home: tmp.Combine("home"), dataHome: "rel").SearchDirectories()
            .ShouldBe([Path.Combine(work, "models"), tmp.Combine("home", ".local", "share", "mottrack", "models")]);
    }

    [Fact]
    public void A_source_checkout_is_no_search_place_of_the_product()
    {
        // Run from inside the repository without $MOTTRACK_MODELS, the staged ../shared/models is not found:
        // only tests and CI point at it, through the variable.
        string sub = Path.Combine(TestData.RepoRoot, "src", "MotTracker.Core");

        Locator(sub).SearchDirectories().ShouldNotContain(Path.GetFullPath(Path.Combine(TestData.RepoRoot, "..", "shared", "models")));
        Should.Throw<ModelNotFoundException>(() => Locator(sub).Resolve("yolox_nano"));
        Locator(sub, TestData.Models).Resolve("yolox_nano").Path.ShouldBe(Path.Combine(TestData.Models, "detector", "yolox_nano.onnx"));
    }

    [Fact]
    public void A_model_is_found_at_the_manifest_path_or_flat_in_the_first_folder_that_has_it()
    {
        using var tmp = new TempDirectory();
        string work = Directory.CreateDirectory(tmp.Combine("work")).FullName;
        string flat = tmp.Write("work/models/yolox_nano.onnx", "flat");
        string nested = tmp.Write("mine/detector/yolox_nano.onnx", "nested");

        Locator(work).Resolve("yolox_nano").ShouldBe(new ModelLocation(flat, Yolox));
        Locator(work, tmp.Combine("mine")).Resolve("yolox_nano").ShouldBe(new ModelLocation(nested, Yolox));
    }

    [Fact]
    public void An_existing_path_wins_and_is_recognised_by_its_file_name()
    {
        using var tmp = new TempDirectory();
        string work = Directory.CreateDirectory(tmp.Combine("work")).FullName;
        tmp.Write("work/models/detector/yolox_nano.onnx", "in models");
        string explicitFile = tmp.Write("elsewhere/yolox_nano.onnx", "explicit");
        string custom = tmp.Write("work/custom.onnx", "custom");

        Locator(work).Resolve("../elsewhere/yolox_nano.onnx").ShouldBe(new ModelLocation(explicitFile, Yolox));
        Locator(work).Resolve("custom.onnx").ShouldBe(new ModelLocation(custom, null));
    }

    [Fact]
    public void A_missing_model_error_lists_every_place_and_says_how_to_get_it()
    {
        using var tmp = new TempDirectory();
        string work = Directory.CreateDirectory(tmp.Combine("work")).FullName;

        var ex = Should.Throw<ModelNotFoundException>(() => Locator(work, tmp.Combine("mine"), home: tmp.Combine("home")).Resolve("yolox_nano"));

        ex.Searched.ShouldBe([
            Path.Combine(work, "yolox_nano"),
            tmp.Combine("mine", "detector", "yolox_nano.onnx"),
            tmp.Combine("mine", "yolox_nano.onnx"),
            Path.Combine(work, "models", "detector", "yolox_nano.onnx"),
            Path.Combine(work, "models", "yolox_nano.onnx"),
            tmp.Combine("home", ".local", "share", "mottrack", "models", "detector", "yolox_nano.onnx"),
            tmp.Combine("home", ".local", "share", "mottrack", "models", "yolox_nano.onnx"),
        ]);
        foreach (string path in ex.Searched)
            ex.Message.ShouldContain(path);
        ex.Message.ShouldContain("mottrack models pull yolox_nano");
        ex.Message.ShouldContain(Yolox.Url);
    }

    [Fact]
    public void An_unknown_name_error_lists_the_known_models()
    {
        using var tmp = new TempDirectory();
        var ex = Should.Throw<ModelNotFoundException>(() => Locator(tmp.Path).Resolve("resnet"));

        ex.Searched.ShouldContain(Path.Combine(tmp.Path, "models", "resnet.onnx"));
        ex.Message.ShouldContain("yolov8n_int8_640");
    }

    [Fact]
    public void Downloads_go_to_the_models_variable_or_else_to_the_user_data_folder()
    {
        using var tmp = new TempDirectory();
        Locator(tmp.Path, home: tmp.Combine("home")).DefaultDownloadDirectory.ShouldBe(tmp.Combine("home", ".local", "share", "mottrack", "models"));
        Locator(tmp.Path, home: tmp.Combine("home"), dataHome: tmp.Combine("data")).DefaultDownloadDirectory.ShouldBe(tmp.Combine("data", "mottrack", "models"));
        Locator(tmp.Path, "store").DefaultDownloadDirectory.ShouldBe(tmp.Combine("store"));
    }

    [Fact]
    public void A_manifest_file_that_leaves_the_models_folder_is_never_looked_up()
    {
        // Parse refuses such a manifest; an entry made another way is refused again where it becomes a path.
        var entry = Yolox with { File = "../../etc/passwd" };
        using var tmp = new TempDirectory();

        var error = Should.Throw<MotFormatException>(() => Locator(tmp.Path).CandidatePaths(entry));

        error.Message.ShouldContain("'../../etc/passwd' has a segment '..'");
    }
}
