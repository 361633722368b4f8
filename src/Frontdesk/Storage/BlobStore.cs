using System.Security.Cryptography;

namespace Frontdesk.Storage;

/// <summary>Where attachment bytes live, addressed by their SHA-256 so the same file is stored once.</summary>
public interface IBlobStore
{
    /// <summary>Stores the bytes (once) and returns their SHA-256 in lower-case hex.</summary>
    Task<string> PutAsync(ReadOnlyMemory<byte> content, CancellationToken ct);

    Task<Stream?> OpenAsync(string sha256, CancellationToken ct);
}

/// <summary>Blobs as files under the data directory: blobs/ab/cd/abcd….</summary>
public sealed class FileBlobStore(string root) : IBlobStore
{
    public async Task<string> PutAsync(ReadOnlyMemory<byte> content, CancellationToken ct)
    {
        var sha = Convert.ToHexStringLower(SHA256.HashData(content.Span));
        var path = PathOf(sha);
        if (File.Exists(path))
        {
            return sha;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);

        // Write aside, then rename: a crash never leaves a half-written file under a valid hash.
        var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        await File.WriteAllBytesAsync(temp, content.ToArray(), ct);
        try
        {
            File.Move(temp, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temp);
        }

        return sha;
    }

    public Task<Stream?> OpenAsync(string sha256, CancellationToken ct)
    {
        if (sha256.Length != 64 || !sha256.All(char.IsAsciiHexDigitLower))
        {
            return Task.FromResult<Stream?>(null);
        }

        var path = PathOf(sha256);
        return Task.FromResult<Stream?>(File.Exists(path) ? File.OpenRead(path) : null);
    }

    private string PathOf(string sha) => Path.Combine(root, sha[..2], sha[2..4], sha);
}
