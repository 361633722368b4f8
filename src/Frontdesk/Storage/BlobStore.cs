using System.Security.Cryptography;

namespace Frontdesk.Storage;

/// <summary>Where attachment bytes live, addressed by their SHA-256 so the same file is stored once.</summary>
public interface IBlobStore
{
    /// <summary>Stores the bytes (once) and returns their SHA-256 in lower-case hex.</summary>
    Task<string> PutAsync(ReadOnlyMemory<byte> content, CancellationToken ct);

    /// <summary>Streams the content to storage without holding it in memory; returns its SHA-256 and length.</summary>
    Task<(string Sha256, long Size)> PutAsync(Stream content, CancellationToken ct);

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

    public async Task<(string Sha256, long Size)> PutAsync(Stream content, CancellationToken ct)
    {
        Directory.CreateDirectory(root);
        var temp = Path.Combine(root, Guid.NewGuid().ToString("N") + ".tmp");
        string sha;
        long size;
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                var buffer = new byte[81920];
                int read;
                while ((read = await content.ReadAsync(buffer, ct)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), ct);
                }

                size = file.Length;
            }

            sha = Convert.ToHexStringLower(hash.GetHashAndReset());
            var path = PathOf(sha);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            if (!File.Exists(path))
            {
                try
                {
                    File.Move(temp, path, overwrite: false);
                }
                catch (IOException) when (File.Exists(path))
                {
                    // Another writer stored the same content first.
                }
            }
        }
        finally
        {
            File.Delete(temp);
        }

        return (sha, size);
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
