using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using MotTracker.Tests;

namespace MotTracker.Cli.Tests;

public sealed class ModelsCommandTests : IDisposable
{
    private static readonly byte[] FakeModel = Encoding.ASCII.GetBytes("not really an onnx file, but 45 bytes long...");
    private static readonly string FakeSha = Convert.ToHexStringLower(SHA256.HashData(FakeModel));

    private readonly string _work = TestData.NewTempDirectory();

    public void Dispose()
    {
        try { Directory.Delete(_work, recursive: true); }
        catch (IOException) { /* a leftover temp folder must not fail the test */ }
    }

    /// <summary>Writes a manifest with 'tiny' (detector/tiny.onnx, served at url) and 'other' (reid/other.onnx).</summary>
    private string WriteManifest(string url)
    {
        string json = $$"""
            { "models": [
              { "name": "tiny", "task": "detector", "format": "yolox", "file": "detector/tiny.onnx",
                "inputWidth": 64, "inputHeight": 64, "size": {{FakeModel.Length}}, "sha256": "{{FakeSha}}",
                "url": "{{url}}", "license": "test licence" },
              { "name": "other", "task": "reid", "format": "osnet", "file": "reid/other.onnx",
                "inputWidth": 128, "inputHeight": 256, "size": 3,
                "sha256": "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                "url": "http://127.0.0.1:9/other.onnx" } ] }
            """;
        string path = Path.Combine(_work, "test-models.json");
        File.WriteAllText(path, json);
        return path;
    }

    private Dictionary<string, string> Env(string? modelsDir = null, string? baseUrl = null) => new()
    {
        ["MOTTRACK_MODELS"] = modelsDir ?? "",
        ["MOTTRACK_MODELS_BASE_URL"] = baseUrl ?? "",
        // The per-user folders of this test alone.
        ["XDG_DATA_HOME"] = Path.Combine(_work, "data-home"),
        ["XDG_CACHE_HOME"] = Path.Combine(_work, "cache-home"),
    };

    private CliRunner.Result Run(IDictionary<string, string> env, params string[] args) => CliRunner.Run(_work, env, args);

    [Fact]
    public void List_shows_found_mismatched_and_missing_models_with_where_it_looked()
    {
        string manifest = WriteManifest("http://127.0.0.1:9/tiny.onnx");
        Directory.CreateDirectory(Path.Combine(_work, "models", "detector"));
        File.WriteAllBytes(Path.Combine(_work, "models", "detector", "tiny.onnx"), FakeModel);
        Directory.CreateDirectory(Path.Combine(_work, "mine"));
        File.WriteAllText(Path.Combine(_work, "mine", "other.onnx"), "xyz");

        var result = Run(Env(modelsDir: "mine"), "models", "list", "--manifest", manifest);

        result.ExitCode.ShouldBe(0, result.Error);
        var lines = result.Out.Split('\n', StringSplitOptions.TrimEntries);
        lines[0].ShouldBe("NAME   TASK      FORMAT  SHA256    PATH");
        lines[1].ShouldBe($"tiny   detector  yolox   ok        {Path.Combine(_work, "models", "detector", "tiny.onnx")}");
        lines[2].ShouldBe($"other  reid      osnet   MISMATCH  {Path.Combine(_work, "mine", "other.onnx")}");
        result.Out.ShouldContain($"  {Path.Combine(_work, "mine")}\n");
        result.Out.ShouldContain("1 with a sha256 MISMATCH");
    }

    [Fact]
    public void List_reports_a_missing_model_and_how_to_get_it()
    {
        string manifest = WriteManifest("http://127.0.0.1:9/tiny.onnx");

        var result = Run(Env(), "models", "list", "--manifest", manifest);

        result.ExitCode.ShouldBe(0);
        result.Out.ShouldContain("tiny   detector  yolox   -       missing");
        result.Out.ShouldContain("2 missing: get one with `mottrack models pull NAME`");
    }

    [Fact]
    public void List_with_the_built_in_manifest_finds_every_staged_model_through_the_models_variable()
    {
        var result = CliRunner.Run(TestData.RepoRoot, Env(modelsDir: TestData.Models), "models", "list");

        result.ExitCode.ShouldBe(0, result.Error);
        foreach (string name in new[] { "yolox_nano", "yolov8n_int8_640", "yolov8n_int8_320", "osnet_x0_25_msmt17", "osnet_x0_5_msmt17" })
            result.Out.Split('\n').ShouldContain(l => l.StartsWith(name + " ") && l.Contains(" ok ") && l.Contains(TestData.Shared), 1, name);
    }

    [Fact]
    public void List_prints_the_places_searched_in_order()
    {
        string manifest = WriteManifest("http://127.0.0.1:9/tiny.onnx");

        var result = Run(Env(modelsDir: "mine"), "models", "list", "--manifest", manifest);

        result.Out[result.Out.IndexOf("Searched, in order:", StringComparison.Ordinal)..].Split('\n')[..4].ShouldBe([
            "Searched, in order:",
            $"  {Path.Combine(_work, "mine")}",
            $"  {Path.Combine(_work, "models")}",
            $"  {Path.Combine(_work, "data-home", "mottrack", "models")}",
        ]);
    }

    [Fact]
    public void Pull_downloads_verifies_and_places_the_file_at_the_manifest_path()
    {
        using var server = new FileServer(new() { ["/files/tiny.onnx"] = FakeModel });
        string manifest = WriteManifest(server.Url("/files/tiny.onnx"));

        var result = Run(Env(), "models", "pull", "tiny", "--dir", "store", "--manifest", manifest);

        result.ExitCode.ShouldBe(0, result.Error);
        string saved = Path.Combine(_work, "store", "detector", "tiny.onnx");
        File.ReadAllBytes(saved).ShouldBe(FakeModel);
        result.Out.ShouldContain($"tiny: saved {saved} ({FakeModel.Length} bytes, sha256 ok)");
        result.Out.ShouldContain("licence: test licence");
        Directory.GetFiles(Path.Combine(_work, "store"), "*", SearchOption.AllDirectories).ShouldBe([saved]);

        // The locator now finds it through --dir's folder given as MOTTRACK_MODELS.
        Run(Env(modelsDir: "store"), "models", "list", "--manifest", manifest).Out.ShouldContain($"ok      {saved}");
    }

    [Fact]
    public void Pull_takes_the_base_url_from_the_environment_and_writes_to_the_models_variable_folder()
    {
        using var server = new FileServer(new() { ["/mirror/detector/tiny.onnx"] = FakeModel });
        string manifest = WriteManifest("http://127.0.0.1:9/unreachable.onnx");

        var result = Run(Env(modelsDir: "mine", baseUrl: server.Url("/mirror/")), "models", "pull", "tiny", "--manifest", manifest);

        result.ExitCode.ShouldBe(0, result.Error);
        File.ReadAllBytes(Path.Combine(_work, "mine", "detector", "tiny.onnx")).ShouldBe(FakeModel);
    }

    [Fact]
    public void Pull_defaults_to_the_user_data_folder_and_accepts_an_explicit_url()
    {
        using var server = new FileServer(new() { ["/x.bin"] = FakeModel });
        string manifest = WriteManifest("http://127.0.0.1:9/unreachable.onnx");

        var result = Run(Env(), "models", "pull", "tiny", "--url", server.Url("/x.bin"), "--manifest", manifest);

        result.ExitCode.ShouldBe(0, result.Error);
        string saved = Path.Combine(_work, "data-home", "mottrack", "models", "detector", "tiny.onnx");
        File.ReadAllBytes(saved).ShouldBe(FakeModel);
        Directory.Exists(Path.Combine(_work, "models")).ShouldBeFalse();
        // ... where the search finds it without any setting.
        Run(Env(), "models", "list", "--manifest", manifest).Out.ShouldContain($"ok      {saved}");
    }

    [Fact]
    public void A_download_with_the_wrong_checksum_leaves_nothing_behind()
    {
        var tampered = (byte[])FakeModel.Clone();
        tampered[0] ^= 1;
        using var server = new FileServer(new() { ["/tiny.onnx"] = tampered });
        string manifest = WriteManifest(server.Url("/tiny.onnx"));

        var result = Run(Env(), "models", "pull", "tiny", "--dir", "store", "--manifest", manifest);

        result.ExitCode.ShouldBe(1);
        result.Error.ShouldContain($"the manifest expects {FakeSha}");
        result.Error.ShouldContain("Nothing was saved");
        Directory.GetFiles(Path.Combine(_work, "store"), "*", SearchOption.AllDirectories).ShouldBeEmpty();
    }

    [Fact]
    public void A_missing_file_on_the_server_fails_with_the_status()
    {
        using var server = new FileServer([]);
        string manifest = WriteManifest(server.Url("/gone.onnx"));

        var result = Run(Env(), "models", "pull", "tiny", "--dir", "store", "--manifest", manifest);

        result.ExitCode.ShouldBe(1);
        result.Error.ShouldContain("answered 404");
        Directory.GetFiles(Path.Combine(_work, "store"), "*", SearchOption.AllDirectories).ShouldBeEmpty();
    }

    [Fact]
    public void An_existing_different_file_is_kept_unless_forced()
    {
        using var server = new FileServer(new() { ["/tiny.onnx"] = FakeModel });
        string manifest = WriteManifest(server.Url("/tiny.onnx"));
        string target = Path.Combine(_work, "store", "detector", "tiny.onnx");
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.WriteAllText(target, "my own file");

        var refused = Run(Env(), "models", "pull", "tiny", "--dir", "store", "--manifest", manifest);

        refused.ExitCode.ShouldBe(2);
        refused.Error.ShouldContain("--force");
        File.ReadAllText(target).ShouldBe("my own file");
        server.Requests.ShouldBe(0);

        var forced = Run(Env(), "models", "pull", "tiny", "--dir", "store", "--force", "--manifest", manifest);

        forced.ExitCode.ShouldBe(0, forced.Error);
        File.ReadAllBytes(target).ShouldBe(FakeModel);
    }

    [Fact]
    public void An_identical_file_is_not_downloaded_again()
    {
        using var server = new FileServer(new() { ["/tiny.onnx"] = FakeModel });
        string manifest = WriteManifest(server.Url("/tiny.onnx"));
        Directory.CreateDirectory(Path.Combine(_work, "store", "detector"));
        File.WriteAllBytes(Path.Combine(_work, "store", "detector", "tiny.onnx"), FakeModel);

        var result = Run(Env(), "models", "pull", "tiny", "--dir", "store", "--manifest", manifest);

        result.ExitCode.ShouldBe(0);
        result.Out.ShouldContain("already present");
        server.Requests.ShouldBe(0);
    }

    [Fact]
    public void Unknown_models_and_a_url_for_several_models_are_usage_errors()
    {
        string manifest = WriteManifest("http://127.0.0.1:9/tiny.onnx");

        var unknown = Run(Env(), "models", "pull", "nope", "--manifest", manifest);
        unknown.ExitCode.ShouldBe(2);
        unknown.Error.ShouldContain("unknown model 'nope'; known: tiny, other");

        var twoWithUrl = Run(Env(), "models", "pull", "all", "--url", "http://127.0.0.1:9/x", "--manifest", manifest);
        twoWithUrl.ExitCode.ShouldBe(2);
        twoWithUrl.Error.ShouldContain("--url");
    }

    [Fact]
    public void A_broken_manifest_is_bad_input_naming_the_file()
    {
        string manifest = Path.Combine(_work, "broken.json");
        File.WriteAllText(manifest, "{ \"models\": [ { \"name\": \"x\" } ] }");

        var result = Run(Env(), "models", "list", "--manifest", manifest);

        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain(manifest);
        result.Error.ShouldContain("models[0].file");
    }

    /// <summary>Serves fixed bytes per path on 127.0.0.1 (404 otherwise) and counts requests.</summary>
    private sealed class FileServer : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly Dictionary<string, byte[]> _files;
        private readonly Task _loop;
        private int _requests;

        public FileServer(Dictionary<string, byte[]> files)
        {
            _files = files;
            // Port 0 is not accepted by HttpListener: borrow a free port from the OS first.
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            Port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
            _listener.Start();
            _loop = Task.Run(Serve);
        }

        public int Port { get; }
        public int Requests => Volatile.Read(ref _requests);

        public string Url(string path) => $"http://127.0.0.1:{Port}{path}";

        private async Task Serve()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }

                Interlocked.Increment(ref _requests);
                using var response = context.Response;
                if (_files.TryGetValue(context.Request.Url!.AbsolutePath, out var body))
                {
                    response.ContentLength64 = body.Length;
                    await response.OutputStream.WriteAsync(body);
                }
                else
                {
                    response.StatusCode = 404;
                }
            }
        }

        public void Dispose()
        {
            _listener.Stop();
            _listener.Close();
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
    }
}
