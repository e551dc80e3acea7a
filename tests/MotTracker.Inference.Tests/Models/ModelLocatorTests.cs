using MotTracker.Inference.Models;

namespace MotTracker.Inference.Tests.Models;

public sealed class ModelLocatorTests
{
    private static ModelEntry Yolox => ModelManifest.Embedded.Find("yolox_nano")!;

    private static ModelLocator Locator(string workingDirectory, string? modelsVariable = null) =>
        new(ModelManifest.Embedded, name => name == ModelLocator.ModelsDirectoryVariable ? modelsVariable : null, workingDirectory);

    [Fact]
    public void The_models_variable_comes_before_the_working_directory_and_the_shared_folder()
    {
        using var tmp = new TempDirectory();
        string work = Directory.CreateDirectory(tmp.Combine("work")).FullName;

        var dirs = Locator(work, tmp.Combine("mine")).SearchDirectories();

        dirs.ShouldBe([tmp.Combine("mine"), Path.Combine(work, "models"), tmp.Combine("shared", "models")]);
    }

    [Fact]
    public void Inside_a_checkout_the_shared_folder_beside_the_repository_is_searched_too()
    {
        string sub = Path.Combine(TestData.RepoRoot, "src", "MotTracker.Core");

        Locator(sub).SearchDirectories().ShouldContain(Path.GetFullPath(Path.Combine(TestData.RepoRoot, "..", "shared", "models")));
        Locator(sub).Resolve("yolox_nano").Path.ShouldBe(Path.Combine(TestData.Models, "detector", "yolox_nano.onnx"));
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

        var ex = Should.Throw<ModelNotFoundException>(() => Locator(work, tmp.Combine("mine")).Resolve("yolox_nano"));

        ex.Searched.ShouldBe([
            Path.Combine(work, "yolox_nano"),
            tmp.Combine("mine", "detector", "yolox_nano.onnx"),
            tmp.Combine("mine", "yolox_nano.onnx"),
            Path.Combine(work, "models", "detector", "yolox_nano.onnx"),
            Path.Combine(work, "models", "yolox_nano.onnx"),
            tmp.Combine("shared", "models", "detector", "yolox_nano.onnx"),
            tmp.Combine("shared", "models", "yolox_nano.onnx"),
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
    public void Downloads_go_to_the_models_variable_or_else_to_models_in_the_working_directory()
    {
        using var tmp = new TempDirectory();
        Locator(tmp.Path).DefaultDownloadDirectory.ShouldBe(tmp.Combine("models"));
        Locator(tmp.Path, "store").DefaultDownloadDirectory.ShouldBe(tmp.Combine("store"));
    }
}
