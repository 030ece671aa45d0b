package dev.avatar4d.trainer.heads;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/** A grid of equally sized tiles with a caption per column, for looking at data and results. */
public final class ContactSheet {
  private static final int CAPTION = 16;
  private final int tile;
  private final List<String> captions;
  private final List<List<BufferedImage>> rows = new ArrayList<>();

  /**
   * @param tile side of every tile in pixels (images are scaled to it)
   * @param captions one per column
   */
  public ContactSheet(int tile, List<String> captions) {
    this.tile = tile;
    this.captions = List.copyOf(captions);
  }

  /** Adds a row; it must have one image per caption. */
  public ContactSheet row(List<BufferedImage> images) {
    if (images.size() != captions.size()) {
      throw new IllegalArgumentException(
          "a row needs " + captions.size() + " images, got " + images.size());
    }
    rows.add(List.copyOf(images));
    return this;
  }

  public BufferedImage image() {
    int width = tile * captions.size();
    BufferedImage sheet =
        new BufferedImage(width, CAPTION + tile * rows.size(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = sheet.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, sheet.getWidth(), sheet.getHeight());
      g.setRenderingHint(
          RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
      g.setColor(Color.DARK_GRAY);
      for (int c = 0; c < captions.size(); c++) {
        g.drawString(captions.get(c), c * tile + 3, CAPTION - 4);
      }
      for (int r = 0; r < rows.size(); r++) {
        for (int c = 0; c < captions.size(); c++) {
          g.drawImage(rows.get(r).get(c), c * tile, CAPTION + r * tile, tile, tile, null);
        }
      }
    } finally {
      g.dispose();
    }
    return sheet;
  }
}
